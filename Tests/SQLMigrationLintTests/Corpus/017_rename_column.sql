SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE monitors RENAME COLUMN frequency_minutes TO interval_minutes;
