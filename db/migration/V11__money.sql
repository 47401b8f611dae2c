-- Money has limits (DESIGN §3.11). Each submission reserves its price before its intent is recorded,
-- against two counters updated by one conditional UPDATE each: the run's, and its vendor account's for
-- the UTC day. A refusal gives the reservation back, an acceptance turns it into spend, a submission
-- in doubt keeps it (it may have been paid).
ALTER TABLE attempt
    ADD COLUMN price_usd NUMERIC(12, 4),  -- reserved with the intent; null at a vendor with no price
    ADD COLUMN spent_usd NUMERIC(12, 4),  -- set when the vendor accepted (null: not accepted, or unpriced)
    ADD COLUMN account   TEXT,            -- the account and UTC day whose counters the reservation is on
    ADD COLUMN day       DATE;

CREATE TABLE run_money (
    run_id       BIGINT PRIMARY KEY REFERENCES run (id),
    reserved_usd NUMERIC(14, 4) NOT NULL DEFAULT 0,  -- sent or being sent, not known to be paid
    spent_usd    NUMERIC(14, 4) NOT NULL DEFAULT 0
);

CREATE TABLE account_day (
    account      TEXT           NOT NULL,
    day          DATE           NOT NULL,
    reserved_usd NUMERIC(14, 4) NOT NULL DEFAULT 0,
    spent_usd    NUMERIC(14, 4) NOT NULL DEFAULT 0,
    submissions  INTEGER        NOT NULL DEFAULT 0,  -- reserved or accepted: what daily-cap counts
    PRIMARY KEY (account, day)
);
