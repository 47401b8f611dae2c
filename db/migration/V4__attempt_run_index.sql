-- Reports count a run's attempts (paid submissions, dispatch start) every few seconds while it runs.
CREATE INDEX attempt_run ON attempt (run_id);
