-- The change feed as analysts read it: each change with its competitor and page. A view runs
-- with its owner's rights unless told otherwise, which would skip row-level security:
-- security_invoker makes it apply the reader's policies.
CREATE VIEW change_feed WITH (security_invoker = true) AS
    SELECT c.id, c.tenant_id, c.competitor_id, co.name AS competitor_name, c.monitor_id, m.url,
           c.category, c.significance, c.summary, c.detected_at
    FROM changes c
    JOIN monitors m ON m.tenant_id = c.tenant_id AND m.id = c.monitor_id
    JOIN competitors co ON co.tenant_id = c.tenant_id AND co.id = c.competitor_id;
