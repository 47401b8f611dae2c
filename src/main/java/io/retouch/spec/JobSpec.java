package io.retouch.spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A validated job spec (jobs/*.yaml). Holds no credentials: those come from the environment. */
public record JobSpec(
        String name,
        Path specFile,
        Path manifest,
        Defaults defaults,
        Vendor vendor,
        Simulator simulator,
        Output output) {

    /** Output parameters for rows that do not override them. */
    public record Defaults(String aspectRatio, String resolution, String outputFormat, int numImages, Long seed) {}

    /** Which vendor, where, and within which limits. {@code pollMin} null = the vendor's own pacing. */
    public record Vendor(
            String name,
            URI baseUrl,
            int maxInFlight,
            double requestsPerSecond,
            InDoubtPolicy inDoubt,
            Duration taskTimeout,
            int maxAttempts,
            Duration pollMin) {}

    /** The in-process simulator's behaviour, used only with {@code vendor: sim}. */
    public record Simulator(String latency, int concurrency, String faults) {}

    /** Where results go: bucket and a key template over {job} {run} {item} {line} {index} {ext}. */
    public record Output(String bucket, String keyTemplate) {}

    /** What to do with a task whose submission may or may not have reached the vendor. */
    public enum InDoubtPolicy {
        /** Leave it IN_DOUBT for the operator: never risks paying twice. */
        HOLD,
        /** Submit again: never leaves a row undone, may pay twice. */
        RESUBMIT
    }

    public boolean simulated() {
        return "sim".equals(vendor.name());
    }
}
