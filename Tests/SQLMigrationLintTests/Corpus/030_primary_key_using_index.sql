SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY USING INDEX audit_events_id_idx;
