-- `retouch serve` (docs/cli.md#serve, decision 27): schedules fired once across every serve process
-- sharing this database, and dead runs restarted.

-- ShedLock's table (its JDBC provider, lock times read from the database's clock): one serve at a
-- time decides a job's firing, and one sweeps for dead runs. Names are longer than ShedLock's
-- default 64 because they carry a job name (up to 100 characters).
CREATE TABLE shedlock (
    name       VARCHAR(200) PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

-- Each scheduled instant of a job, once: the key is the instant the schedule names, not the clock
-- of the serve that fired it, so a serve whose clock is late finds the row and fires nothing.
CREATE TABLE schedule_firing (
    job_name     TEXT        NOT NULL,
    scheduled_at TIMESTAMPTZ NOT NULL,
    fired_by     TEXT        NOT NULL,            -- the serve process: pid@host
    outcome      TEXT        NOT NULL,            -- STARTED (run_id says which run) or SKIPPED (reason says why)
    run_id       BIGINT REFERENCES run (id),
    reason       TEXT,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_name, scheduled_at)
);

-- A firing asks whether the job's previous run still goes.
CREATE INDEX run_job_name ON run (job_name, id);
