SET lock_timeout = '2s';
SET statement_timeout = '30s';

-- Plans must never have a negative price.
ALTER TABLE plans ADD CONSTRAINT plans_price_nonnegative CHECK (price_cents >= 0);
