-- lint: contract
-- Contract step: the legacy alert_rules table was replaced by routing_rules.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

DROP TABLE alert_rules;
