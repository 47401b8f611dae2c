-- Vendor limits shared by every process and every run on one vendor account (decision 29,
-- docs/production.md#vendor-limits-across-processes). An account is the pair (vendor, account):
-- `account:` under a vendor in a spec, by default the vendor's name.

-- In-flight slots: one lease per task the vendor holds for us. A lease is live until expires_at
-- (the database's clock); its holder, a Retouch process, renews its leases while it lives, so the
-- leases of a process killed with -9 fall out after the ttl (retouch.limits.lease-ttl).
CREATE TABLE vendor_lease (
    task_id    BIGINT PRIMARY KEY,                -- a task re-taken by another process replaces its lease
    vendor     TEXT        NOT NULL,
    account    TEXT        NOT NULL,
    holder     TEXT        NOT NULL,              -- the process: pid@host and a random suffix
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX vendor_lease_account ON vendor_lease (vendor, account, expires_at);
CREATE INDEX vendor_lease_holder ON vendor_lease (holder);

-- A 429's pause, for every lane of the account; only ever moved later.
CREATE TABLE vendor_pause (
    vendor       TEXT        NOT NULL,
    account      TEXT        NOT NULL,
    paused_until TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (vendor, account)
);

-- Bucket4j's table for its PostgreSQL proxy managers (bucket4j_jdk17-postgresql, "DDL example"), with
-- text keys ("Overriding type of primary key"): one request-rate bucket per account, keyed
-- 'vendor/account'; state is Bucket4j's serialized bucket (configuration and tokens).
CREATE TABLE vendor_rate_bucket (
    id    VARCHAR PRIMARY KEY,
    state BYTEA
);
