-- Retouch's own state. The task table is the source of truth for dispatch, restart and reports.

CREATE TABLE run (
    id          BIGSERIAL PRIMARY KEY,
    job_name    TEXT        NOT NULL,
    spec_path   TEXT        NOT NULL,
    spec        JSONB       NOT NULL,            -- the resolved job spec; never holds credentials
    status      TEXT        NOT NULL,            -- INGESTING, DISPATCHING, REPORTING, COMPLETED, STOPPED
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    summary     JSONB
);

CREATE TABLE task (
    id                BIGSERIAL PRIMARY KEY,
    run_id            BIGINT      NOT NULL REFERENCES run (id),
    item_key          TEXT        NOT NULL,
    line_no           BIGINT      NOT NULL,
    vendor            TEXT        NOT NULL,
    request           JSONB       NOT NULL,      -- prompt, inputs, aspect ratio, resolution, format, count, seed
    state             TEXT        NOT NULL,
    version           INT         NOT NULL DEFAULT 0,
    attempts          INT         NOT NULL DEFAULT 0,
    vendor_request_id TEXT,
    next_attempt_at   TIMESTAMPTZ,
    error_class       TEXT,
    error_message     TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    submitted_at      TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    CONSTRAINT task_item_unique UNIQUE (run_id, item_key)
);
CREATE INDEX task_run_state ON task (run_id, state, id);

-- One row per paid submission, written before the vendor is called: its id is our idempotency key.
CREATE TABLE attempt (
    id                UUID PRIMARY KEY,
    task_id           BIGINT      NOT NULL REFERENCES task (id),
    run_id            BIGINT      NOT NULL REFERENCES run (id),
    vendor            TEXT        NOT NULL,
    state             TEXT        NOT NULL,      -- INTENT, ACCEPTED, REFUSED, IN_DOUBT
    vendor_request_id TEXT,
    error_class       TEXT,
    error_message     TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX attempt_task ON attempt (task_id);

CREATE TABLE output (
    task_id      BIGINT      NOT NULL REFERENCES task (id),
    idx          INT         NOT NULL,
    run_id       BIGINT      NOT NULL REFERENCES run (id),
    bucket       TEXT        NOT NULL,
    object_key   TEXT        NOT NULL,
    sha256       TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    size_bytes   BIGINT      NOT NULL,
    width        INT,
    height       INT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, idx)
);
CREATE INDEX output_run ON output (run_id);

-- One row per vendor call and per stored output; no secrets ever.
CREATE TABLE audit_record (
    id            BIGSERIAL PRIMARY KEY,
    run_id        BIGINT      NOT NULL REFERENCES run (id),
    task_id       BIGINT REFERENCES task (id),
    attempt_id    UUID,
    vendor        TEXT,
    operation     TEXT        NOT NULL,
    method        TEXT,
    url           TEXT,
    http_status   INT,
    duration_ms   BIGINT,
    vendor_code   TEXT,
    message       TEXT,
    recorded_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_run_task ON audit_record (run_id, task_id);

CREATE TABLE rejected_row (
    run_id      BIGINT      NOT NULL REFERENCES run (id),
    line_no     BIGINT      NOT NULL,
    item_key    TEXT,
    reason      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, line_no)
);
