package io.retouch.storage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The output table: which S3 object holds which output of which task. */
@Repository
public class OutputStore {

    private final JdbcClient jdbc;

    public OutputStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Idempotent: collecting a task again after a crash rewrites the same row. */
    public void save(OutputRecord o) {
        jdbc.sql("""
                INSERT INTO output (task_id, idx, run_id, bucket, object_key, sha256, content_type, size_bytes, width, height)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (task_id, idx) DO UPDATE SET bucket = EXCLUDED.bucket, object_key = EXCLUDED.object_key,
                    sha256 = EXCLUDED.sha256, content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes,
                    width = EXCLUDED.width, height = EXCLUDED.height, created_at = now()""")
                .params(o.taskId(), o.index(), o.runId(), o.location().bucket(), o.location().key(), o.sha256(),
                        o.contentType(), o.sizeBytes(), o.width(), o.height())
                .update();
    }

}
