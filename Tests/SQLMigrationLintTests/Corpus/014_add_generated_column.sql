SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE price_points
    ADD COLUMN monthly_cents bigint GENERATED ALWAYS AS (
        CASE WHEN billing_period = 'year' THEN price_cents / 12 ELSE price_cents END
    ) STORED;
