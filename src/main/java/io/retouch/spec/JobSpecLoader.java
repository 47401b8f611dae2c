package io.retouch.spec;

import io.retouch.catalog.VendorCatalog;
import io.retouch.provider.VendorDefinition;
import io.retouch.sim.VendorSimulator;
import io.retouch.provider.EditVocabulary;
import io.retouch.storage.OutputKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads and validates a job spec; a bad spec fails here, before anything is spent. */
public final class JobSpecLoader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** A field written twice would silently keep the last value: refuse it instead. */
    private final YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public JobSpec load(Path specFile) {
        if (!Files.isRegularFile(specFile)) throw new SpecException(specFile.toString(), List.of("file not found"));
        JsonNode root;
        try {
            root = yaml.readTree(specFile.toFile());
        } catch (JacksonException e) {
            throw new SpecException(specFile.toString(), List.of("not valid YAML: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) throw new SpecException(specFile.toString(), List.of("must be a YAML mapping"));
        List<String> problems = new ArrayList<>();
        JobSpec spec = read(specFile.toAbsolutePath().normalize(), new SpecReader("", root, problems));
        if (!problems.isEmpty()) throw new SpecException(specFile.toString(), problems);
        return spec;
    }

    private JobSpec read(Path specFile, SpecReader r) {
        r.onlyKnown(Set.of("name", "manifest", "defaults", "vendor", "vendors", "simulator", "output", "schedule", "time-zone",
                "skip-unchanged", "reused-outputs", "partitions", "budget"));
        String name = r.text("name", null);
        if (name != null && !NAME.matcher(name).matches())
            r.problem("name", "'" + name + "' must be letters, digits, '.', '_' or '-' (at most 100)");
        Manifest manifest = ManifestSpecs.read(specFile, r);
        JobSpec.Simulator simulator = r.has("simulator") ? simulator(r.section("simulator", false)) : null;
        List<JobSpec.Vendor> vendors = vendors(r, simulator != null);
        return new JobSpec(name, specFile, manifest, defaults(r.section("defaults", false)), vendors, simulator,
                output(r.section("output", true)), ScheduleReader.read(r), reuse(r), partitions(r, simulator != null),
                MoneyReader.budget(r, vendors));
    }

    /** {@code partitions:}: above 1, the run is dispatched by a fleet of workers, which must share one vendor. */
    private static int partitions(SpecReader r, boolean simulated) {
        int partitions = (int) r.integer("partitions", 1, 1, 256);
        if (partitions > 1 && simulated)
            r.problem("partitions", "a run over several workers cannot use the simulator: section (each worker would start its own "
                    + "simulator); start one with `retouch sim` and give the vendor its base-url");
        return partitions;
    }

    /** {@code skip-unchanged: true}, with {@code reused-outputs: copy} (the default) or {@code reference}. */
    private static JobSpec.Reuse reuse(SpecReader r) {
        String skip = r.oneOf("skip-unchanged", "false", List.of("true", "false"), s -> s.trim().toLowerCase());
        String outputs = r.oneOf("reused-outputs", "copy", List.of("copy", "reference"), s -> s.trim().toLowerCase());
        if (!"true".equals(skip)) {
            if (r.has("reused-outputs")) r.problem("reused-outputs", "only applies with skip-unchanged: true");
            return null;
        }
        return outputs == null ? null : JobSpec.Reuse.valueOf(outputs.toUpperCase());
    }

    private static JobSpec.Defaults defaults(SpecReader r) {
        r.onlyKnown(Set.of("aspect-ratio", "resolution", "output-format", "num-images", "seed"));
        return new JobSpec.Defaults(
                r.oneOf("aspect-ratio", "auto", EditVocabulary.ASPECT_RATIOS, String::trim),
                r.oneOf("resolution", "1K", EditVocabulary.RESOLUTIONS, EditVocabulary::normalizeResolution),
                r.oneOf("output-format", "png", EditVocabulary.OUTPUT_FORMATS, EditVocabulary::normalizeFormat),
                (int) r.integer("num-images", 1, 1, EditVocabulary.MAX_NUM_IMAGES),
                r.has("seed") ? r.integer("seed", 0, 0, Integer.MAX_VALUE) : null);
    }

    /** {@code vendor:} (one mapping) or {@code vendors:} (a list), never both. */
    private static List<JobSpec.Vendor> vendors(SpecReader r, boolean simulated) {
        List<JobSpec.Vendor> vendors = new ArrayList<>();
        if (r.has("vendor") && r.has("vendors")) {
            r.problem("vendors", "give either 'vendor' (one) or 'vendors' (a list), not both");
        } else if (r.has("vendors")) {
            for (SpecReader entry : r.list("vendors")) vendors.add(vendor(entry, simulated));
            if (vendors.isEmpty()) r.problem("vendors", "must name at least one vendor");
        } else {
            vendors.add(vendor(r.section("vendor", true), simulated));
        }
        Set<String> seen = new java.util.HashSet<>();
        for (JobSpec.Vendor v : vendors)
            if (v.name() != null && !seen.add(v.name())) r.problem("vendors", "'" + v.name() + "' is listed twice");
        return vendors;
    }

    /** A vendor with every setting at its default, as {@code vendor: {name: NAME}} gives it (rerun --vendor). */
    public static JobSpec.Vendor vendorWithDefaults(String name, boolean simulated) {
        List<String> problems = new ArrayList<>();
        JobSpec.Vendor vendor = vendor(new SpecReader("vendor", tools.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("name", name), problems), simulated);
        if (!problems.isEmpty()) throw new SpecException("--vendor " + name, problems);
        return vendor;
    }

    private static JobSpec.Vendor vendor(SpecReader r, boolean simulated) {
        r.onlyKnown(Set.of("name", "share", "priority", "base-url", "max-in-flight", "requests-per-second", "in-doubt",
                "task-timeout", "max-attempts", "poll-min", "account", "price-per-image", "daily-budget", "daily-cap",
                "queue-ahead", "push"));
        String name = r.oneOf("name", null, VendorCatalog.names(), String::trim);
        URI baseUrl = r.has("base-url") ? r.parsed("base-url", null, JobSpecLoader::httpUrl) : null;
        if (simulated && baseUrl != null)
            r.problem("base-url", "is not used when the spec has a simulator section (the simulator serves every vendor)");
        int share = (int) r.integer("share", 1, 1, 1000);
        int priority = (int) r.integer("priority", 0, 0, 100);
        Double rps = r.parsed("requests-per-second", "10", Double::parseDouble);
        if (rps != null && !(rps > 0 && rps <= 10_000)) r.problem("requests-per-second", "must be above 0 and at most 10000, got " + rps);
        String policy = r.oneOf("in-doubt", "hold", List.of("hold", "resubmit"), s -> s.trim().toLowerCase());
        return new JobSpec.Vendor(name, baseUrl, share, priority,
                (int) r.integer("max-in-flight", 4, 1, 1000), rps == null ? 0 : rps,
                policy == null ? null : JobSpec.InDoubtPolicy.valueOf(policy.toUpperCase()),
                r.parsed("task-timeout", "15m", JobSpecLoader::positive),
                (int) r.integer("max-attempts", 5, 1, 100),
                r.has("poll-min") ? r.parsed("poll-min", null, Durations::parse) : null,
                account(r, name), MoneyReader.vendor(r, name), queueAhead(r, name), r.bool("push", true));
    }

    /**
     * {@code queue-ahead:} tasks kept waiting in the vendor's own queue beyond max-in-flight, so a slot that
     * frees up at the vendor starts the next task at once, not after our next submit reaches it. Only for a
     * vendor that queues work beyond its concurrency instead of refusing it.
     */
    private static int queueAhead(SpecReader r, String vendor) {
        int ahead = (int) r.integer("queue-ahead", 0, 0, 1000);
        boolean queues = VendorCatalog.find(vendor).map(VendorDefinition::queuesBeyondConcurrency).orElse(false);
        if (ahead > 0 && vendor != null && !queues)
            r.problem("queue-ahead", vendor + " refuses work beyond its concurrency instead of queueing it;"
                    + " queue-ahead is for a vendor that queues (fal)");
        return ahead;
    }

    /**
     * {@code account:} the vendor account whose limits the vendor's settings are (default: the vendor's
     * name): runs that name one account share its request rate, slots, pauses and daily limits.
     */
    private static String account(SpecReader r, String vendor) {
        String account = r.text("account", vendor);
        if (account != null && !NAME.matcher(account).matches())
            r.problem("account", "'" + account + "' must be letters, digits, '.', '_' or '-' (at most 100)");
        return account;
    }

    private static JobSpec.Simulator simulator(SpecReader r) {
        r.onlyKnown(Set.of("latency", "concurrency", "faults"));
        // parsed here only to fail before the run is recorded; the simulator parses them again when it starts
        String latency = r.text("latency", "lognormal:mean=1s,sd=300ms");
        r.parsed("latency", latency, text -> { VendorSimulator.checkLatency(text); return text; });
        String faults = r.text("faults", "");
        if (!faults.isBlank()) r.parsed("faults", faults, text -> { VendorSimulator.checkFaults(text); return text; });
        return new JobSpec.Simulator(latency, (int) r.integer("concurrency", 4, 1, 1000), faults);
    }

    private static JobSpec.Output output(SpecReader r) {
        r.onlyKnown(Set.of("bucket", "key"));
        String bucket = r.text("bucket", null);
        if (bucket != null && !BUCKET.matcher(bucket).matches())
            r.problem("bucket", "'" + bucket + "' is not a valid S3 bucket name (3-63 lowercase letters, digits, '.', '-')");
        String key = r.text("key", "{job}/{run}/{item}/{index}.{ext}");
        // refused here: a key outside the bucket, or one shared by two outputs, is only found after paying
        for (String problem : OutputKeys.templateProblems(key)) r.problem("key", problem);
        return new JobSpec.Output(bucket, key);
    }

    private static java.time.Duration positive(String raw) {
        java.time.Duration d = Durations.parse(raw);
        if (d.isZero()) throw new IllegalArgumentException("must be longer than 0");
        return d;
    }

    private static URI httpUrl(String raw) {
        URI uri = URI.create(raw);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null)
            throw new IllegalArgumentException("'" + raw + "' is not an http(s) URL with a host");
        return uri;
    }
}
