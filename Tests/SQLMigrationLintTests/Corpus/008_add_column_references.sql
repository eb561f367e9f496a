SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE monitors ADD COLUMN competitor_id bigint REFERENCES competitors (id);
