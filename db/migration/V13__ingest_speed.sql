-- Ingest at database speed (issue 11, decision 36 in docs/decisions.md). A foreign key costs every
-- inserted row an after-trigger event, which PostgreSQL queues, then fires by fetching the row again:
-- the three of task took as much of the server's CPU as the insert itself, for the two lineage
-- columns even when they are NULL, as they are for every row ingest makes.
--
-- task.run_id: no check. A task is only ever made for a run just read or made (ingest, reruns), and
-- nothing deletes a run.
ALTER TABLE task DROP CONSTRAINT task_run_id_fkey;

-- The lineage of a rerun or of a reused task still points at a task that exists: checked by a trigger
-- whose WHEN clause PostgreSQL evaluates before queueing anything, so a row without lineage (every row
-- of an ingest) costs nothing. Nothing deletes a task, so the referenced side needs no trigger.
ALTER TABLE task DROP CONSTRAINT task_reruns_task_id_fkey;
ALTER TABLE task DROP CONSTRAINT task_reused_from_task_id_fkey;

CREATE FUNCTION task_lineage_exists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.reruns_task_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM task WHERE id = NEW.reruns_task_id) THEN
        RAISE EXCEPTION 'task % reruns task %, which does not exist', NEW.id, NEW.reruns_task_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.reused_from_task_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM task WHERE id = NEW.reused_from_task_id) THEN
        RAISE EXCEPTION 'task % reuses task %, which does not exist', NEW.id, NEW.reused_from_task_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER task_lineage AFTER INSERT OR UPDATE OF reruns_task_id, reused_from_task_id ON task
    FOR EACH ROW WHEN (NEW.reruns_task_id IS NOT NULL OR NEW.reused_from_task_id IS NOT NULL)
    EXECUTE FUNCTION task_lineage_exists();
