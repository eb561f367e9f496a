SET lock_timeout = '2s';
SET statement_timeout = '30s';

-- Public identifiers for the API.
ALTER TABLE webhooks ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
