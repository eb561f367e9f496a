-- lint: contract
-- Meant as a contract step, but the code base still reads webhooks.secret_v1.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE webhooks DROP COLUMN secret_v1;
