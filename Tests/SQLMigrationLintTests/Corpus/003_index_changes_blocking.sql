-- Speeds up the dashboard's "recent changes" query.
SET lock_timeout = '2s';
SET statement_timeout = '5min';

CREATE INDEX changes_detected_at_idx ON changes (tenant_id, detected_at DESC);
