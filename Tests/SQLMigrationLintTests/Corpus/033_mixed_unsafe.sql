/* Everything at once, written in a hurry.
   /* nested comment: the linter must still find every statement */ */
CREATE INDEX monitors_url_idx ON monitors (url);
ALTER TABLE monitors RENAME COLUMN url TO target_url;
ALTER TABLE monitors ALTER COLUMN tenant_id TYPE integer, DROP COLUMN notes;
