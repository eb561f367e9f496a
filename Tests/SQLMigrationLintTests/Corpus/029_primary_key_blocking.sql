SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE audit_events ADD PRIMARY KEY (id);
