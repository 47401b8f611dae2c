package io.retouch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.RetouchTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run recorded before `runflow` and `sinancode` were given the endpoints their pages document:
 * its tasks were paid on Runflow's runs API and SinanCode's Pro path. After the upgrade its restart
 * must follow them there (a run UUID polled on the runs API; pending rows still sent to the Pro
 * model), not answer "not held" for a paid run nor buy another model. The migration renames them.
 */
@RetouchTest
class VendorSurfacesMigrationIntegrationTests {

    @Autowired JdbcClient jdbc;

    @Test
    void runsRecordedBeforeKeepTheSurfaceTheirTasksWereSubmittedTo() throws Exception {
        long run = jdbc.sql("INSERT INTO run (job_name, spec_path, spec, status) VALUES ('old', '/old.yaml', ?::jsonb,"
                        + " 'DISPATCHING') RETURNING id")
                .param("""
                        {"name":"old","vendors":[{"name":"runflow","share":2},{"name":"fal","share":1},
                         {"name":"sinancode","share":1}]}""")
                .query(Long.class).single();
        long runflowTask = task(run, "a", "runflow", "SUBMITTED", "01J0RUNUUID");
        long sinancodeTask = task(run, "b", "sinancode", "PENDING", null);
        long falTask = task(run, "c", "fal", "PENDING", null);
        jdbc.sql("INSERT INTO attempt (id, task_id, run_id, vendor, state, vendor_request_id) VALUES (?, ?, ?, 'runflow',"
                + " 'ACCEPTED', '01J0RUNUUID')").params(UUID.randomUUID(), runflowTask, run).update();

        jdbc.sql(new ClassPathResource("db/migration/V5__vendor_surfaces.sql").getContentAsString(StandardCharsets.UTF_8))
                .update();

        assertThat(jdbc.sql("SELECT string_agg(v->>'name', ',' ORDER BY position) FROM run,"
                + " jsonb_array_elements(spec->'vendors') WITH ORDINALITY AS vendor(v, position) WHERE id = ?")
                .param(run).query(String.class).single()).isEqualTo("runflow-runs,fal,sinancode-pro");
        assertThat(jdbc.sql("SELECT vendor FROM task WHERE id IN (?, ?, ?) ORDER BY id")
                .params(runflowTask, sinancodeTask, falTask).query(String.class).list())
                .containsExactly("runflow-runs", "sinancode-pro", "fal");
        assertThat(jdbc.sql("SELECT vendor FROM attempt WHERE task_id = ?").param(runflowTask).query(String.class).single())
                .isEqualTo("runflow-runs");
        assertThat(jdbc.sql("SELECT spec->'vendors'->0->>'share' FROM run WHERE id = ?").param(run).query(String.class)
                .single()).as("everything else of the spec is kept").isEqualTo("2");
    }

    private long task(long run, String item, String vendor, String state, String vendorRequestId) {
        return jdbc.sql("INSERT INTO task (run_id, item_key, line_no, vendor, request, state, vendor_request_id)"
                        + " VALUES (?, ?, 2, ?, '{}'::jsonb, ?, ?) RETURNING id")
                .param(run).param(item).param(vendor).param(state).param(vendorRequestId)
                .query(Long.class).single();
    }
}
