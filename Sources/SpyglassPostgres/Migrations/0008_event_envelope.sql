-- The event envelope: a payload version (consumers park versions they do not know), the ids
-- that tie a flow together (correlation, causation) and W3C trace context. Constant defaults
-- only: no rewrite of the log. events_after (SELECT *) returns the new columns as they come.
-- A consumer's failures on the event at its position are kept beside the position, so a
-- restarted consumer goes on counting attempts instead of starting over.

ALTER TABLE events
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN correlation_id text,
    ADD COLUMN causation_id text,
    ADD COLUMN traceparent text,
    ADD COLUMN tracestate text;

ALTER TABLE event_consumers
    ADD COLUMN failing_seq bigint,
    ADD COLUMN failures text NOT NULL DEFAULT '[]';
