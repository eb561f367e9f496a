-- lint: contract
-- Contract step: nothing in the code base uses these names any more (see the
-- code scan); renaming first keeps the data for one release before the drop.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

ALTER TABLE monitors RENAME COLUMN legacy_notes TO legacy_notes_retired;
ALTER TABLE weekly_reports RENAME TO weekly_reports_retired;
