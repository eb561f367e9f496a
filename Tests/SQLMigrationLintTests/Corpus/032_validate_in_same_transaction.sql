SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE subscriptions
    ADD CONSTRAINT subscriptions_seats_positive CHECK (seats > 0) NOT VALID;
-- Validating here, in the same transaction, keeps the ACCESS EXCLUSIVE lock for the whole scan.
ALTER TABLE subscriptions VALIDATE CONSTRAINT subscriptions_seats_positive;
