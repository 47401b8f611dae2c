package io.retouch.flow;

import io.retouch.spec.JobSpec;

/** What the pipeline needs to know about the run it works for. */
public record RunContext(long runId, JobSpec spec, VendorLane lane) {
}
