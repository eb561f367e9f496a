-- Feedback on changes for the effectiveness page: each author's (a dashboard user's or an API key's)
-- current verdict on a change, with when it was given. A tenant's rows, under row-level security.

CREATE TABLE change_feedback (
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    change_id text NOT NULL,
    author_kind text NOT NULL CHECK (author_kind IN ('user', 'api_key')),
    author_id text NOT NULL,
    verdict text NOT NULL CHECK (verdict IN ('useful', 'noise', 'acted_on')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, change_id, author_kind, author_id),
    FOREIGN KEY (tenant_id, change_id) REFERENCES changes (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE change_feedback ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_feedback FORCE ROW LEVEL SECURITY;
CREATE POLICY change_feedback_select ON change_feedback FOR SELECT
    USING (tenant_id = current_tenant());
CREATE POLICY change_feedback_insert ON change_feedback FOR INSERT
    WITH CHECK (tenant_id = current_tenant());
CREATE POLICY change_feedback_update ON change_feedback FOR UPDATE
    USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant());
CREATE POLICY change_feedback_delete ON change_feedback FOR DELETE
    USING (tenant_id = current_tenant());
