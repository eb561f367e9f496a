-- Constant and STABLE defaults are stored in the catalog: no table rewrite.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE monitors
    ADD COLUMN status text NOT NULL DEFAULT 'active',
    ADD COLUMN paused_until timestamptz,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN options jsonb NOT NULL DEFAULT '{}'::jsonb;
