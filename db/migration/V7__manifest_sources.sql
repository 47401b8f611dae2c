-- A manifest may be a database query (docs/job-spec.md#manifest). Its :since parameter is the
-- creation time of the job's last COMPLETED run that was not a rerun (the epoch when there is none),
-- fixed when the run is recorded and kept here, so a restart reads the same rows; :now is created_at.
ALTER TABLE run ADD COLUMN manifest_since TIMESTAMPTZ;
