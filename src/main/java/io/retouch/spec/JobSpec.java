package io.retouch.spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A validated job spec (jobs/*.yaml). Holds no credentials: those come from the environment.
 * {@code simulator} is null unless the spec has a {@code simulator:} section, which serves every
 * vendor from the in-process simulator.
 */
public record JobSpec(
        String name,
        Path specFile,
        Manifest manifest,
        Defaults defaults,
        List<Vendor> vendors,
        Simulator simulator,
        Output output,
        Schedule schedule,
        Reuse reuse,
        Integer partitions,
        java.math.BigDecimal budget) {

    public JobSpec {
        vendors = vendors == null ? List.of() : List.copyOf(vendors);
        // a spec stored before `partitions:` existed reads 0: dispatched in the run's own process, as then
        if (partitions == null || partitions < 1) partitions = 1;
    }

    /** Output parameters for rows that do not override them. */
    public record Defaults(String aspectRatio, String resolution, String outputFormat, int numImages, Long seed) {}

    /**
     * One vendor the run may use, where, and within which limits. Rows go to the vendors of the
     * lowest {@code priority} that can serve them, split by {@code share}. {@code pollMin} null =
     * the vendor's own pacing.
     */
    public record Vendor(
            String name,
            URI baseUrl,
            int share,
            int priority,
            int maxInFlight,
            double requestsPerSecond,
            InDoubtPolicy inDoubt,
            Duration taskTimeout,
            int maxAttempts,
            Duration pollMin,
            String account,
            Money money,
            Integer queueAhead,
            Boolean push) {

        public Vendor {
            // a spec stored before `account:` existed: the vendor's name, the default then and now
            if (account == null) account = name;
            // a spec stored before money existed: published prices, no daily limits
            if (money == null) money = Money.NONE;
            // a spec stored before issue 11: no queue ahead, the vendor's push where it has one
            if (queueAhead == null) queueAhead = 0;
            if (push == null) push = true;
        }

        /** With no queue ahead and the vendor's push where it has one. */
        public Vendor(String name, URI baseUrl, int share, int priority, int maxInFlight, double requestsPerSecond,
                      InDoubtPolicy inDoubt, Duration taskTimeout, int maxAttempts, Duration pollMin, String account,
                      Money money) {
            this(name, baseUrl, share, priority, maxInFlight, requestsPerSecond, inDoubt, taskTimeout, maxAttempts,
                    pollMin, account, money, 0, true);
        }

        public Vendor withInDoubt(InDoubtPolicy policy) {
            return new Vendor(name, baseUrl, share, priority, maxInFlight, requestsPerSecond, policy, taskTimeout,
                    maxAttempts, pollMin, account, money, queueAhead, push);
        }

        /** Tasks the vendor may hold for us at once: those it runs (max-in-flight) and those it keeps queued ahead. */
        public int maxHeld() {
            return maxInFlight + queueAhead;
        }
    }

    /**
     * A vendor's money settings: {@code pricePerImage} by resolution (1K, 2K, 4K) where the spec gives
     * one (it beats the published price), and the limits of its account per UTC day, in USD and in
     * submissions (null: none).
     */
    public record Money(java.util.Map<String, java.math.BigDecimal> pricePerImage, java.math.BigDecimal dailyBudget,
                        Integer dailyCap) {

        public static final Money NONE = new Money(java.util.Map.of(), null, null);

        public Money {
            pricePerImage = pricePerImage == null ? java.util.Map.of() : java.util.Map.copyOf(pricePerImage);
        }
    }

    /** The in-process simulator's behaviour; its presence serves every vendor from it. */
    public record Simulator(String latency, int concurrency, String faults) {}

    /** Where results go: bucket and a key template over {job} {run} {item} {line} {index} {ext}. */
    public record Output(String bucket, String keyTemplate) {}

    /**
     * When {@code retouch serve} starts the job: a cron expression (5 fields, minute first, as in
     * crontab; or Spring's 6 with seconds first) read in {@code zone}. Null: never on its own.
     */
    public record Schedule(String cron, String zone) {}

    /**
     * {@code skip-unchanged}: a row whose inputs (by content), prompt and output parameters match a
     * row this job already edited successfully is not sent again; its earlier outputs are copied to
     * the new run's keys ({@code COPY}, a server-side S3 copy) or referenced where they are
     * ({@code REFERENCE}). Null: every row is sent.
     */
    public enum Reuse { COPY, REFERENCE }

    /** What to do with a task whose submission may or may not have reached the vendor. */
    public enum InDoubtPolicy {
        /** Leave it IN_DOUBT for the operator: never risks paying twice. */
        HOLD,
        /** Submit again: never leaves a row undone, may pay twice. */
        RESUBMIT
    }

    public boolean simulated() {
        return simulator != null;
    }


    public List<String> vendorNames() {
        return vendors.stream().map(Vendor::name).toList();
    }

    /** The same spec with every vendor's in-doubt policy set to {@code policy} (restart --in-doubt). */
    public JobSpec withInDoubt(InDoubtPolicy policy) {
        return new JobSpec(name, specFile, manifest, defaults,
                vendors.stream().map(v -> v.withInDoubt(policy)).toList(), simulator, output, schedule, reuse, partitions,
                budget);
    }

    /** The same spec with the run's budget set to {@code usd} (restart --budget). */
    public JobSpec withBudget(java.math.BigDecimal usd) {
        return new JobSpec(name, specFile, manifest, defaults, vendors, simulator, output, schedule, reuse, partitions, usd);
    }
}
