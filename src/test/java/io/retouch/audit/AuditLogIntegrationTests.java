package io.retouch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retouch.metrics.VendorMeters;
import io.retouch.provider.VendorCall;
import io.retouch.run.RunStore;
import io.retouch.task.NewTask;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskStore;
import io.retouch.testing.RetouchTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** The audit log's batches against the real PostgreSQL, with its connection cut for a while. */
@RetouchTest
class AuditLogIntegrationTests {

    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired RunStore runs;
    @Autowired TaskStore tasks;

    /** The test database, unless {@code down}: then no connection can be had, as when the database restarts. */
    static final class Flaky extends DelegatingDataSource {
        volatile boolean down;

        Flaky(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) throw new SQLTransientConnectionException("Connection refused (test)", "08001");
            return super.getConnection();
        }
    }

    // A batch that failed because the database could not be reached was dropped after its row-by-row retry failed
    // too: every vendor call of that interval vanished from the audit trail.
    @Test
    void recordsMadeWhileTheDatabaseIsUnreachableAreWrittenOnceItIsBack() {
        long run = runs.create("audit-outage", "audit-outage.yaml", "{}");
        long[] task = tasks(run, 4);
        Flaky flaky = new Flaky(dataSource);
        AuditLog audit = new AuditLog(new JdbcTemplate(flaky), new VendorMeters(new SimpleMeterRegistry()));
        try {
            flaky.down = true;
            for (int i = 0; i < 3; i++)
                audit.vendorCall(run, task[i], null, "fal", VendorCall.local("poll", "https://queue.fal.run/x/" + i, null, "call " + i));
            assertThatThrownBy(audit::flush).as("the failure is still said").hasRootCauseMessage("Connection refused (test)");

            flaky.down = false;
            audit.vendorCall(run, task[3], null, "fal", VendorCall.local("poll", "https://queue.fal.run/x/3", null, "call 3"));
            audit.flush();

            assertThat(jdbc.queryForList("SELECT message FROM audit_record WHERE run_id = ? ORDER BY id", String.class, run))
                    .containsExactly("call 0", "call 1", "call 2", "call 3");
        } finally {
            audit.destroy();
        }
    }

    @Test
    void aRecordTheDatabaseRefusesIsDroppedWithoutTheOthers() {
        long run = runs.create("audit-refused", "audit-refused.yaml", "{}");
        long[] task = tasks(run, 2);
        AuditLog audit = new AuditLog(jdbc, new VendorMeters(new SimpleMeterRegistry()));
        try {
            audit.vendorCall(run, task[0], null, "fal", VendorCall.local("poll", "https://queue.fal.run/x/1", null, "kept"));
            audit.vendorCall(run, -1, null, "fal", VendorCall.local("poll", "https://x/2", null, "a task that is not there"));
            audit.vendorCall(run, task[1], null, "fal", VendorCall.local("poll", "https://queue.fal.run/x/3", null, "kept too"));
            assertThatThrownBy(audit::flush).as("the refusal is said").hasMessageContaining("audit_record");
            audit.flush();

            assertThat(jdbc.queryForList("SELECT message FROM audit_record WHERE run_id = ? ORDER BY id", String.class, run))
                    .containsExactly("kept", "kept too");
        } finally {
            audit.destroy();
        }
    }

    private long[] tasks(long run, int n) {
        java.util.List<NewTask> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++)
            rows.add(new NewTask(run, "item-" + i, i + 2, "fal",
                    new TaskRequest("audit " + run + " edit " + i, java.util.List.of("https://example.com/in.png"), "1:1", "1K", "png", 1, null)));
        tasks.insertAll(rows);
        return tasks.allIn(io.retouch.task.Slice.whole(run), java.util.EnumSet.allOf(io.retouch.task.TaskState.class)).stream()
                .mapToLong(io.retouch.task.Task::id).sorted().toArray();
    }
}
