-- A harmless nullable column, but with no lock_timeout the ALTER can queue
-- behind a long transaction and block every query on the table meanwhile.
ALTER TABLE tenants ADD COLUMN billing_email text;
