package io.retouch.limits;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each account's pause after a 429, in {@code vendor_pause}. Times are the database's: a pause is
 * written as "now + d" and read back as what is left of it, so hosts whose clocks differ agree.
 */
final class Pauses {

    private final JdbcClient jdbc;

    Pauses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Pauses the account for {@code d} from now, unless it is paused longer already: a pause only ever grows. */
    void pause(String vendor, String account, Duration d) {
        jdbc.sql("""
                INSERT INTO vendor_pause (vendor, account, paused_until) VALUES (?, ?, now() + make_interval(secs => ?))
                ON CONFLICT (vendor, account) DO UPDATE
                SET paused_until = GREATEST(vendor_pause.paused_until, excluded.paused_until)""")
                .param(vendor).param(account).param(d.toNanos() / 1e9).update();
    }

    /** What is left of the account's pause; zero when it is not paused. */
    Duration left(String vendor, String account) {
        return jdbc.sql("""
                SELECT GREATEST(0, EXTRACT(EPOCH FROM paused_until - now()) * 1000)::bigint
                FROM vendor_pause WHERE vendor = ? AND account = ?""")
                .param(vendor).param(account).query(Long.class).optional().map(Duration::ofMillis).orElse(Duration.ZERO);
    }
}
