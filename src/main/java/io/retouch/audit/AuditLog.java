package io.retouch.audit;

import io.retouch.metrics.VendorMeters;
import io.retouch.provider.VendorCall;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Append-only record of every vendor call and every stored output. Holds no secrets: VendorCall has none. */
@Repository
public class AuditLog {

    private static final int MAX_MESSAGE = 2000;

    private final JdbcClient jdbc;
    private final VendorMeters meters;

    public AuditLog(JdbcClient jdbc, VendorMeters meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public void vendorCall(long runId, long taskId, UUID attemptId, String vendor, VendorCall call) {
        jdbc.sql("""
                INSERT INTO audit_record (run_id, task_id, attempt_id, vendor, operation, method, url, http_status,
                                          duration_ms, vendor_code, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(runId, taskId, attemptId, vendor, call.operation(), call.method(), call.url(), call.status(),
                        call.durationMillis(), call.vendorCode(), truncate(call.message()))
                .update();
        meters.call(vendor, call); // after the insert: the counters never show a call the audit trail lacks
    }

    /** An event of ours (an output stored, a task given up on) rather than a vendor call. */
    public void event(long runId, Long taskId, String vendor, String operation, String url, String message) {
        jdbc.sql("""
                INSERT INTO audit_record (run_id, task_id, vendor, operation, url, message)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(runId, taskId, vendor, operation, url, truncate(message))
                .update();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
