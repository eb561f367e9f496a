-- The weekly activity projection, fed by the "activity" consumer of change.detected: changes per
-- competitor, week (the Monday, UTC) and category ('' for none), and how many of them were
-- significant (significance 50 or more). A tenant's rows, under row-level security.

CREATE TABLE competitor_activity (
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    competitor_id text NOT NULL,
    week_start date NOT NULL,
    category text NOT NULL DEFAULT '',
    changes integer NOT NULL DEFAULT 0,
    significant_changes integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, competitor_id, week_start, category),
    FOREIGN KEY (tenant_id, competitor_id) REFERENCES competitors (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX competitor_activity_week ON competitor_activity (tenant_id, week_start);

ALTER TABLE competitor_activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE competitor_activity FORCE ROW LEVEL SECURITY;
CREATE POLICY competitor_activity_select ON competitor_activity FOR SELECT
    USING (tenant_id = current_tenant());
CREATE POLICY competitor_activity_insert ON competitor_activity FOR INSERT
    WITH CHECK (tenant_id = current_tenant());
CREATE POLICY competitor_activity_update ON competitor_activity FOR UPDATE
    USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant());
CREATE POLICY competitor_activity_delete ON competitor_activity FOR DELETE
    USING (tenant_id = current_tenant());
