package io.retouch.sim;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Which failures the simulator injects, as probabilities, e.g.
 * {@code submit-5xx=0.1,submit-429=0.05,task-failed=0.1} for every vendor, or per vendor:
 * {@code fal: result-422=0.1; mulerun: task-failed=0.2, poll-malformed=0.1}. A vendor without a
 * section of its own uses the unnamed one. Each vendor's protocol renders a fault in that vendor's
 * own words, status codes and error bodies.
 * <p>
 * Faults come in groups; one draw per group picks at most one fault, so each group's
 * probabilities add up to at most 1:
 * <ul>
 *   <li>submit: refused before it is paid ({@code submit-5xx}, {@code submit-429},
 *       {@code submit-429-retry-after}, {@code out-of-credit}, {@code unauthorized}), or paid but
 *       answered badly ({@code submit-timeout}: the answer comes too late; {@code submit-malformed}:
 *       the answer is not JSON);</li>
 *   <li>task: how a paid task ends ({@code content-blocked} — fal's {@code result-422} —,
 *       {@code task-failed}, {@code expired-output});</li>
 *   <li>queue: {@code slow-queue}, the task waits in the queue several latencies first;</li>
 *   <li>poll: drawn afresh for every status call ({@code poll-5xx}, {@code poll-429},
 *       {@code poll-malformed}, {@code poll-timeout}).</li>
 * </ul>
 */
public final class FaultProfile {

    public enum Group { SUBMIT, TASK, QUEUE, POLL }

    /** A fault by its name in the spec. */
    public enum Fault {
        SUBMIT_5XX("submit-5xx", Group.SUBMIT),
        SUBMIT_429("submit-429", Group.SUBMIT),
        SUBMIT_429_RETRY_AFTER("submit-429-retry-after", Group.SUBMIT),
        OUT_OF_CREDIT("out-of-credit", Group.SUBMIT),
        UNAUTHORIZED("unauthorized", Group.SUBMIT),
        SUBMIT_TIMEOUT("submit-timeout", Group.SUBMIT),
        SUBMIT_MALFORMED("submit-malformed", Group.SUBMIT),
        CONTENT_BLOCKED("content-blocked", Group.TASK),
        /** fal's name for a content block: the status says COMPLETED, the result answers 422. */
        RESULT_422("result-422", Group.TASK),
        TASK_FAILED("task-failed", Group.TASK),
        EXPIRED_OUTPUT("expired-output", Group.TASK),
        SLOW_QUEUE("slow-queue", Group.QUEUE),
        POLL_5XX("poll-5xx", Group.POLL),
        POLL_429("poll-429", Group.POLL),
        POLL_MALFORMED("poll-malformed", Group.POLL),
        POLL_TIMEOUT("poll-timeout", Group.POLL);

        final String specName;
        final Group group;

        Fault(String specName, Group group) {
            this.specName = specName;
            this.group = group;
        }

        /** A submit fault that refuses the submission: nothing is paid. */
        boolean refusesSubmit() {
            return group == Group.SUBMIT && this != SUBMIT_TIMEOUT && this != SUBMIT_MALFORMED;
        }
    }

    /**
     * What one submission will suffer: a submit fault (null if answered well), how its task ends,
     * and whether it waits in a slow queue first.
     */
    public record Decision(Fault submitFault, Outcome outcome, boolean slowQueue) {

        /** The submission is refused: nothing is paid, nothing is queued. */
        boolean refused() {
            return submitFault != null && submitFault.refusesSubmit();
        }
    }

    private static final FaultProfile NONE = new FaultProfile(new EnumMap<>(Fault.class), Map.of());

    private final Map<Fault, Double> probabilities;
    private final Map<String, FaultProfile> byVendor;

    private FaultProfile(Map<Fault, Double> probabilities, Map<String, FaultProfile> byVendor) {
        this.probabilities = probabilities;
        this.byVendor = byVendor;
    }

    public static FaultProfile none() {
        return NONE;
    }

    public static FaultProfile parse(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equals("none")) {
            return NONE;
        }
        Map<Fault, Double> common = new EnumMap<>(Fault.class);
        Map<String, FaultProfile> byVendor = new LinkedHashMap<>();
        for (String section : spec.split(";")) {
            if (section.isBlank()) continue;
            int colon = section.indexOf(':');
            if (colon < 0) {
                common.putAll(parseSection(section, spec));
            } else {
                String vendor = section.substring(0, colon).strip();
                if (!vendor.matches("[a-z][a-z0-9-]*"))
                    throw new IllegalArgumentException("'" + vendor + "' in '" + spec + "' is not a vendor name");
                String body = section.substring(colon + 1);
                byVendor.put(vendor, body.isBlank() || body.strip().equals("none") ? NONE
                        : new FaultProfile(parseSection(body, spec), Map.of()));
            }
        }
        return new FaultProfile(common, Map.copyOf(byVendor));
    }

    private static Map<Fault, Double> parseSection(String section, String spec) {
        Map<Fault, Double> probabilities = new EnumMap<>(Fault.class);
        for (String entry : section.split(",")) {
            if (entry.isBlank()) continue;
            String[] pair = entry.strip().split("=", 2);
            Fault fault = Arrays.stream(Fault.values())
                    .filter(f -> f.specName.equals(pair[0].strip()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown fault '" + pair[0].strip()
                            + "' in '" + spec + "'; known: " + knownNames()));
            probabilities.put(fault, probability(pair, spec));
        }
        for (Group group : Group.values()) requireGroupSumAtMostOne(probabilities, group, spec);
        return probabilities;
    }

    private static double probability(String[] pair, String spec) {
        try {
            double p = Double.parseDouble(pair.length == 2 ? pair[1].strip() : "");
            if (p >= 0 && p <= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below with the spec in context
        }
        throw new IllegalArgumentException("Fault '" + pair[0].strip() + "' in '" + spec
                + "' needs a probability between 0 and 1, e.g. " + pair[0].strip() + "=0.1");
    }

    private static void requireGroupSumAtMostOne(Map<Fault, Double> probabilities, Group group, String spec) {
        double sum = probabilities.entrySet().stream()
                .filter(e -> e.getKey().group == group)
                .mapToDouble(Map.Entry::getValue)
                .sum();
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("The " + group.name().toLowerCase()
                    + " fault probabilities in '" + spec + "' add up to " + sum + ", more than 1");
        }
    }

    private static String knownNames() {
        return Arrays.stream(Fault.values()).map(f -> f.specName).collect(Collectors.joining(", "));
    }

    /** The faults {@code vendor} suffers: its own section, else the unnamed one. */
    public FaultProfile forVendor(String vendor) {
        FaultProfile own = byVendor.get(vendor);
        return own != null ? own : byVendor.isEmpty() ? this : new FaultProfile(probabilities, Map.of());
    }

    /** This profile with {@code vendor}'s section replaced by {@code faults} (its unnamed part). */
    public FaultProfile with(String vendor, FaultProfile faults) {
        Map<String, FaultProfile> sections = new LinkedHashMap<>(byVendor);
        sections.put(vendor, new FaultProfile(faults.probabilities, Map.of()));
        return new FaultProfile(probabilities, Map.copyOf(sections));
    }

    /** This profile with every section of {@code other} laid over it. */
    public FaultProfile overlaidWith(FaultProfile other) {
        if (other.byVendor.isEmpty()) return other;
        FaultProfile result = this;
        for (Map.Entry<String, FaultProfile> e : other.byVendor.entrySet()) result = result.with(e.getKey(), e.getValue());
        return result;
    }

    /** Same seed, same decision: the caller derives the seed from the body and attempt number. */
    public Decision decide(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Fault submitFault = pick(random.nextDouble(), Group.SUBMIT);
        Fault taskFault = pick(random.nextDouble(), Group.TASK);
        boolean slow = pick(random.nextDouble(), Group.QUEUE) != null;
        Outcome outcome = taskFault == null ? Outcome.SUCCEEDED : switch (taskFault) {
            case RESULT_422, CONTENT_BLOCKED -> Outcome.CONTENT_BLOCKED;
            case TASK_FAILED -> Outcome.TASK_FAILED;
            default -> Outcome.OUTPUT_EXPIRED;
        };
        return new Decision(submitFault, outcome, slow);
    }

    /** The fault one status call suffers, or null. */
    public Fault pollFault(long seed) {
        return pick(new SplittableRandom(seed).nextDouble(), Group.POLL);
    }

    private Fault pick(double draw, Group group) {
        double threshold = 0;
        for (Fault candidate : Fault.values()) {
            if (candidate.group != group) continue;
            threshold += probabilities.getOrDefault(candidate, 0.0);
            if (draw < threshold) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        String common = probabilities.isEmpty() ? "" : probabilities.entrySet().stream()
                .map(e -> e.getKey().specName + "=" + e.getValue())
                .collect(Collectors.joining(","));
        String sections = byVendor.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
        if (common.isEmpty() && sections.isEmpty()) return "none";
        return common.isEmpty() ? sections : sections.isEmpty() ? common : common + "; " + sections;
    }
}
