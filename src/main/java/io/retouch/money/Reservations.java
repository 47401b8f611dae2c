package io.retouch.money;

import static io.retouch.money.Usd.usd;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The run's and the account's day counters (V11__money.sql). A reservation is one conditional
 * UPDATE per counter: PostgreSQL locks the row and checks the limit against its latest committed
 * values, so any number of processes reserving at once never pass a limit together. Every method
 * runs inside the caller's transaction, the one that records (or settles) the attempt.
 */
@Repository
public class Reservations {

    private static final String TODAY = "(now() AT TIME ZONE 'UTC')::date";

    private final JdbcClient jdbc;

    public Reservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reserves {@code charge} on both counters, or on neither and says which limit holds it. */
    public Reservation reserve(Charge charge) {
        if (charge.priceUsd() == null && (charge.runBudget() != null || charge.dailyBudget() != null))
            return new Reservation.Held("BUDGET", "vendor '" + charge.vendor() + "' has no price, so a budget in dollars"
                    + " cannot be kept; give its price-per-image in the spec (see docs/job-spec.md)");
        BigDecimal price = charge.reserved();
        jdbc.sql("INSERT INTO run_money (run_id) VALUES (?) ON CONFLICT (run_id) DO NOTHING").param(charge.runId()).update();
        int run = jdbc.sql("""
                UPDATE run_money SET reserved_usd = reserved_usd + ?
                WHERE run_id = ? AND (CAST(? AS numeric) IS NULL OR spent_usd + reserved_usd + ? <= CAST(? AS numeric))""")
                .params(price, charge.runId(), charge.runBudget(), price, charge.runBudget()).update();
        if (run == 0) return runBudgetReached(charge);
        jdbc.sql("INSERT INTO account_day (account, day) VALUES (?, " + TODAY + ") ON CONFLICT (account, day) DO NOTHING")
                .param(charge.account()).update();
        Optional<LocalDate> day = jdbc.sql("""
                UPDATE account_day SET reserved_usd = reserved_usd + ?, submissions = submissions + 1
                WHERE account = ? AND day = %s
                  AND (CAST(? AS numeric) IS NULL OR spent_usd + reserved_usd + ? <= CAST(? AS numeric))
                  AND (CAST(? AS integer) IS NULL OR submissions < CAST(? AS integer))
                RETURNING day""".formatted(TODAY))
                .params(price, charge.account(), charge.dailyBudget(), price, charge.dailyBudget(),
                        charge.dailyCap(), charge.dailyCap())
                .query(LocalDate.class).optional();
        if (day.isPresent()) return new Reservation.Reserved(charge.account(), day.get());
        // this transaction still holds the run's row: giving its share back is as if it never was
        jdbc.sql("UPDATE run_money SET reserved_usd = reserved_usd - ? WHERE run_id = ?").params(price, charge.runId()).update();
        return dailyLimitReached(charge);
    }

    // The run's row is updated before the account's, here as in reserve, so two transactions never wait for each other.

    /** The vendor refused the attempt: nothing was charged, its reservation is given back. */
    public void release(UUID attemptId) {
        unsettled(attemptId, "spent_usd").ifPresent(a -> {
            jdbc.sql("UPDATE run_money SET reserved_usd = reserved_usd - ? WHERE run_id = ?").params(a.price(), a.runId()).update();
            jdbc.sql("""
                    UPDATE account_day SET reserved_usd = reserved_usd - ?, submissions = submissions - 1
                    WHERE account = ? AND day = ?""").params(a.price(), a.account(), a.day()).update();
        });
    }

    /** The vendor took the attempt: what it reserved is spent, and recorded as its spend. */
    public void spend(UUID attemptId) {
        unsettled(attemptId, "price_usd").ifPresent(a -> {
            jdbc.sql("UPDATE run_money SET reserved_usd = reserved_usd - ?, spent_usd = spent_usd + ? WHERE run_id = ?")
                    .params(a.price(), a.price(), a.runId()).update();
            jdbc.sql("UPDATE account_day SET reserved_usd = reserved_usd - ?, spent_usd = spent_usd + ? WHERE account = ? AND day = ?")
                    .params(a.price(), a.price(), a.account(), a.day()).update();
        });
    }

    private record Reserved(long runId, String account, LocalDate day, BigDecimal price) {}

    /**
     * The reservation of an attempt that still holds one (INTENT or IN_DOUBT), its spend set to
     * {@code spent} (a column of the attempt); empty when recorded before V11__money.sql, or settled.
     */
    private Optional<Reserved> unsettled(UUID attemptId, String spent) {
        return jdbc.sql("""
                UPDATE attempt SET spent_usd = %s WHERE id = ? AND state IN ('INTENT', 'IN_DOUBT') AND account IS NOT NULL
                RETURNING run_id, account, day, coalesce(price_usd, 0)""".formatted(spent))
                .param(attemptId)
                .query((rs, n) -> new Reserved(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getBigDecimal(4)))
                .optional();
    }

    private Reservation runBudgetReached(Charge c) {
        BigDecimal used = jdbc.sql("SELECT spent_usd + reserved_usd FROM run_money WHERE run_id = ?").param(c.runId())
                .query(BigDecimal.class).single();
        return new Reservation.Held("BUDGET", "the run's budget of " + usd(c.runBudget()) + " is reached: " + usd(used)
                + " spent or reserved, the next task costs " + usd(c.priceUsd()) + "; raise it with `retouch restart "
                + c.runId() + " --budget USD`");
    }

    private Reservation dailyLimitReached(Charge c) {
        return jdbc.sql("SELECT spent_usd + reserved_usd, submissions, day FROM account_day WHERE account = ? AND day = " + TODAY)
                .param(c.account())
                .query((rs, n) -> {
                    BigDecimal used = rs.getBigDecimal(1);
                    String today = rs.getObject(3, LocalDate.class) + " (UTC)";
                    String limit = c.dailyCap() != null && rs.getInt(2) >= c.dailyCap()
                            ? "made its daily-cap of " + c.dailyCap() + " submissions on " + today
                            : "has " + usd(used) + " of its daily-budget of " + usd(c.dailyBudget()) + " spent or reserved on "
                              + today + ", the next task costs " + usd(c.priceUsd());
                    return (Reservation) new Reservation.Held("DAILY_LIMIT", "account '" + c.account() + "' " + limit
                            + "; `retouch restart " + c.runId() + "` after midnight UTC, or raise vendor daily-cap/daily-budget"
                            + " in the spec for the next run");
                })
                .single();
    }
}
