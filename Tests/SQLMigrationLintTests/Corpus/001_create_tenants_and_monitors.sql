-- Expand: the first tables. New tables are empty, so indexing and
-- constraining them right away blocks nobody.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

CREATE TABLE tenants (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug text NOT NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);

CREATE TABLE monitors (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id bigint NOT NULL,
    url text NOT NULL,
    selector text,
    frequency_minutes integer NOT NULL DEFAULT 60
);

ALTER TABLE monitors
    ADD CONSTRAINT monitors_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    ADD CONSTRAINT monitors_frequency_check CHECK (frequency_minutes BETWEEN 5 AND 10080);

CREATE INDEX monitors_tenant_idx ON monitors (tenant_id);
