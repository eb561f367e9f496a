-- Safe SET NOT NULL, step 2 of 2: validate the check added by 010 (no write
-- lock), after which SET NOT NULL uses it as proof and skips the table scan.
SET lock_timeout = '2s';
SET statement_timeout = 0;

ALTER TABLE monitors VALIDATE CONSTRAINT monitors_selector_not_null;
ALTER TABLE monitors ALTER COLUMN selector SET NOT NULL;
ALTER TABLE monitors DROP CONSTRAINT monitors_selector_not_null;
