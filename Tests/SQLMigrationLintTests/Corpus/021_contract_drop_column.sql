-- lint: contract
-- Contract step of the selector → extraction_rule change: since release 1.14 no
-- code reads monitors.selector (checked by the code scan that feeds the linter).
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE monitors DROP COLUMN selector;
