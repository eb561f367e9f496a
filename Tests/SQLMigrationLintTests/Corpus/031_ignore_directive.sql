SET lock_timeout = '2s';
SET statement_timeout = '30s';

-- plan_tiers holds a dozen rows: the rewrite is instant, so the type change is deliberate.
-- lint: ignore changing-column-type
-- squawk-ignore changing-column-type
ALTER TABLE plan_tiers ALTER COLUMN name TYPE text;
