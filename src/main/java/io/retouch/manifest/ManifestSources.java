package io.retouch.manifest;

import io.retouch.spec.JobSpec;
import io.retouch.spec.Manifest;
import io.retouch.storage.ObjectStore;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Opens a run's manifest wherever the spec says it is: a local CSV, a CSV in the object store or at
 * an http(s) URL, or a database query. Each reader is restartable from its step's execution context.
 */
@Component
public class ManifestSources {

    private final ObjectStore store;
    private final Environment env;
    private final JdbcClient jdbc;

    public ManifestSources(ObjectStore store, Environment env, JdbcClient jdbc) {
        this.store = store;
        this.env = env;
        this.jdbc = jdbc;
    }

    /**
     * Problems that refuse a run before it is recorded: a CSV's header, or a query's database,
     * credentials, parameters and columns (described, no row read). Empty when it can be ingested.
     */
    public List<String> check(JobSpec spec) {
        return check(spec, () -> windowBefore(spec.name()));
    }

    /** The same before run {@code runId} reads its manifest again (a restart of its ingest). */
    public List<String> check(JobSpec spec, long runId) {
        return check(spec, () -> window(runId));
    }

    private List<String> check(JobSpec spec, Supplier<QueryWindow> window) {
        try {
            return switch (spec.manifest()) {
                case Manifest.CsvFile csv -> ManifestColumns.check(csv.path());
                case Manifest.CsvAt csv -> ManifestColumns.check(RemoteCsv.at(csv.uri(), store), csv.describe());
                case Manifest.Query query -> QueryManifest.columnProblems(query, QueryDatabase.of(query, env),
                        BoundQuery.of(query, window.get()));
            };
        } catch (ManifestProblem e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * The manifest's rows for run {@code runId}: a query is bound to the run's stored :since and :now.
     * Typed as the readers' common class, not an interface, so a step-scoped bean of it is proxied quietly.
     */
    public AbstractItemCountingItemStreamItemReader<ManifestRow> open(JobSpec spec, long runId) {
        return open(spec, spec.manifest() instanceof Manifest.Query ? window(runId) : null);
    }

    /** The rows as a run recorded now would read them: for checks made before the run is recorded. */
    public AbstractItemCountingItemStreamItemReader<ManifestRow> openBefore(JobSpec spec) {
        return open(spec, spec.manifest() instanceof Manifest.Query ? windowBefore(spec.name()) : null);
    }

    private AbstractItemCountingItemStreamItemReader<ManifestRow> open(JobSpec spec, QueryWindow window) {
        return switch (spec.manifest()) {
            case Manifest.CsvFile csv -> CsvManifestReader.open(csv.path());
            case Manifest.CsvAt csv -> CsvManifestReader.open(RemoteCsv.at(csv.uri(), store));
            case Manifest.Query query -> QueryManifest.reader(QueryDatabase.of(query, env), BoundQuery.of(query, window),
                    query.fetchSize());
        };
    }

    /** As stored with the run (V7__manifest_sources.sql). */
    private QueryWindow window(long runId) {
        return jdbc.sql("SELECT manifest_since, created_at FROM run WHERE id = ?").param(runId)
                .query((rs, n) -> new QueryWindow(
                        rs.getTimestamp(1) == null ? Instant.EPOCH : rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2).toInstant()))
                .single();
    }

    /** What RunStore.create will store for a run of {@code job} recorded now. */
    private QueryWindow windowBefore(String job) {
        Instant since = jdbc.sql("""
                SELECT coalesce(max(created_at), 'epoch') FROM run
                WHERE job_name = ? AND status = 'COMPLETED' AND parent_run_id IS NULL""")
                .param(job).query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
        return new QueryWindow(since, Instant.now());
    }
}
