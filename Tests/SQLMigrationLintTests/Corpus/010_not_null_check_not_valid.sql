-- Safe SET NOT NULL, step 1 of 2: a NOT VALID check is instant and applies to new rows.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE monitors
    ADD CONSTRAINT monitors_selector_not_null CHECK (selector IS NOT NULL) NOT VALID;
