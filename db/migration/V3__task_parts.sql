-- A row asking for more outputs than its vendor makes per call (num_images > 1 on a one-image
-- vendor) becomes several tasks, one per output: parts 0..n-1 of the same item key.
ALTER TABLE task ADD COLUMN part INT NOT NULL DEFAULT 0;
ALTER TABLE task DROP CONSTRAINT task_item_unique;
ALTER TABLE task ADD CONSTRAINT task_item_unique UNIQUE (run_id, item_key, part);
