-- Incremental refresh (skip-unchanged, docs/job-spec.md): what a task asked for, as a content hash of
-- its inputs' bytes, prompt and output parameters; and, for a task that was not sent because an
-- earlier run of the job made the same edit, the task whose outputs it took over.
ALTER TABLE task ADD COLUMN fingerprint TEXT;
ALTER TABLE task ADD COLUMN reused_from_task_id BIGINT REFERENCES task (id);
CREATE INDEX task_fingerprint_succeeded ON task (fingerprint, part) WHERE fingerprint IS NOT NULL AND state = 'SUCCEEDED';
-- Which outputs share an object: an earlier edit whose object a later run wrote over is not reused.
CREATE INDEX output_object ON output (bucket, object_key);
