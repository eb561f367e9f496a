SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE monitors DROP COLUMN IF EXISTS legacy_css_path;
