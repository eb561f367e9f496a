-- Back-fill one batch of the expand column; DML only, so no DDL locks.
UPDATE changes
SET snapshot_id_v2 = snapshot_id
WHERE id BETWEEN 1 AND 10000
  AND snapshot_id_v2 IS NULL;
