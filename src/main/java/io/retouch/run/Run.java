package io.retouch.run;

import java.time.Instant;

/**
 * One run of a job spec. {@code specJson} is the spec as resolved when the run began;
 * {@code parentRunId} the run this one reruns tasks of, or null.
 */
public record Run(long id, String jobName, String specPath, String specJson, RunStatus status,
                  Instant createdAt, Instant finishedAt, Long parentRunId) {
}
