-- The index users_email_idx was built CONCURRENTLY by the previous migration;
-- attaching it as the constraint is instant.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;
