-- The operator's admin CLI (docs/cli.md): why a task failed in the vendor's own words, and reruns.

-- The vendor's own code of the error in error_message (e.g. fal's "content_policy_violation"), apart
-- from our cause in error_class, so `retouch tasks` can show and filter both.
ALTER TABLE task ADD COLUMN error_code TEXT;

-- A rerun is a new run made of chosen tasks of an earlier one: the run it came from, and for each of
-- its tasks the task it tries again. A rerun of a rerun keeps the chain.
ALTER TABLE run ADD COLUMN parent_run_id BIGINT REFERENCES run (id);
ALTER TABLE task ADD COLUMN reruns_task_id BIGINT REFERENCES task (id);
CREATE INDEX run_parent ON run (parent_run_id);

-- `retouch stop RUN` asks the process working the run to stop ('stop'), or to stop and cancel what
-- it can ('cancel'); that process watches this column. Cleared when the run is started again.
ALTER TABLE run ADD COLUMN stop_requested TEXT;
