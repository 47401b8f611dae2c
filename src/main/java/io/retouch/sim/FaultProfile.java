package io.retouch.sim;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which failures the simulator injects, as probabilities: {@code submit-5xx=0.1,task-failed=0.1} for
 * every vendor, or per vendor: {@code fal: result-422=0.1; mulerun: task-failed=0.2, poll-malformed=0.1}
 * (a vendor without a section uses the unnamed one). Each vendor's protocol renders a fault in its own
 * words, status codes and error bodies. One draw per {@link Group} picks at most one fault, so each
 * group's probabilities add up to at most 1. Submit faults refuse the submission before it is paid,
 * except {@code submit-timeout} (the answer comes too late) and {@code submit-malformed} (it is not
 * JSON); task faults say how a paid task ends; {@code slow-queue} makes it wait several latencies
 * first; poll faults are drawn afresh for every status call.
 */
public final class FaultProfile {

    public enum Group { SUBMIT, TASK, QUEUE, POLL }

    /** A fault; its name in the spec is the constant's, in lower case with dashes. */
    public enum Fault {
        SUBMIT_5XX(Group.SUBMIT),
        SUBMIT_429(Group.SUBMIT),
        SUBMIT_429_RETRY_AFTER(Group.SUBMIT),
        OUT_OF_CREDIT(Group.SUBMIT),
        UNAUTHORIZED(Group.SUBMIT),
        SUBMIT_TIMEOUT(Group.SUBMIT),
        SUBMIT_MALFORMED(Group.SUBMIT),
        CONTENT_BLOCKED(Group.TASK),
        /** fal's name for a content block: the status says COMPLETED, the result answers 422. */
        RESULT_422(Group.TASK),
        TASK_FAILED(Group.TASK),
        EXPIRED_OUTPUT(Group.TASK),
        SLOW_QUEUE(Group.QUEUE),
        POLL_5XX(Group.POLL),
        POLL_429(Group.POLL),
        POLL_MALFORMED(Group.POLL),
        POLL_TIMEOUT(Group.POLL);

        final Group group;

        Fault(Group group) {
            this.group = group;
        }

        String specName() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** What one submission will suffer: a submit fault (null if answered well), how its task ends, a slow queue. */
    public record Decision(Fault submitFault, Outcome outcome, boolean slowQueue) {

        /** The submission is refused: nothing is paid, nothing is queued. */
        boolean refused() {
            return submitFault != null && submitFault.group == Group.SUBMIT
                    && submitFault != Fault.SUBMIT_TIMEOUT && submitFault != Fault.SUBMIT_MALFORMED;
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
        if (spec == null || spec.isBlank() || spec.strip().equals("none")) return NONE;
        Map<Fault, Double> common = new EnumMap<>(Fault.class);
        Map<String, FaultProfile> byVendor = new LinkedHashMap<>();
        for (String section : spec.split(";")) {
            int colon = section.indexOf(':');
            if (colon < 0) {
                common.putAll(parseSection(section, spec));
                continue;
            }
            String vendor = section.substring(0, colon).strip();
            if (!vendor.matches("[a-z][a-z0-9-]*"))
                throw new IllegalArgumentException("'" + vendor + "' in '" + spec + "' is not a vendor name");
            String body = section.substring(colon + 1).strip();
            byVendor.put(vendor, body.equals("none") ? NONE : new FaultProfile(parseSection(body, spec), Map.of()));
        }
        return new FaultProfile(common, Map.copyOf(byVendor));
    }

    private static Map<Fault, Double> parseSection(String section, String spec) {
        Map<Fault, Double> probabilities = new EnumMap<>(Fault.class);
        for (String entry : section.split(",")) {
            if (entry.isBlank()) continue;
            String[] pair = entry.strip().split("=", 2);
            String name = pair[0].strip();
            Fault fault = Arrays.stream(Fault.values()).filter(f -> f.specName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown fault '" + name + "' in '" + spec
                            + "'; known: " + Arrays.stream(Fault.values()).map(Fault::specName)
                            .collect(Collectors.joining(", "))));
            probabilities.put(fault, probability(pair, name, spec));
        }
        for (Group group : Group.values()) {
            double sum = probabilities.entrySet().stream()
                    .filter(e -> e.getKey().group == group).mapToDouble(Map.Entry::getValue).sum();
            if (sum > 1 + 1e-9)
                throw new IllegalArgumentException("The " + group.name().toLowerCase()
                        + " fault probabilities in '" + spec + "' add up to " + sum + ", more than 1");
        }
        return probabilities;
    }

    private static double probability(String[] pair, String name, String spec) {
        try {
            double p = Double.parseDouble(pair.length == 2 ? pair[1].strip() : "");
            if (p >= 0 && p <= 1) return p;
        } catch (NumberFormatException e) {
            // reported below with the spec in context
        }
        throw new IllegalArgumentException("Fault '" + name + "' in '" + spec
                + "' needs a probability between 0 and 1, e.g. " + name + "=0.1");
    }

    /** The faults {@code vendor} suffers: its own section, else the unnamed one (this profile's own). */
    public FaultProfile forVendor(String vendor) {
        return byVendor.getOrDefault(vendor, this);
    }

    /** This profile with every section of {@code other} laid over it. */
    public FaultProfile overlaidWith(FaultProfile other) {
        if (other.byVendor.isEmpty()) return other;
        Map<String, FaultProfile> sections = new LinkedHashMap<>(byVendor);
        sections.putAll(other.byVendor);
        return new FaultProfile(probabilities, Map.copyOf(sections));
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
            if (draw < threshold) return candidate;
        }
        return null;
    }

    @Override
    public String toString() {
        String common = probabilities.entrySet().stream()
                .map(e -> e.getKey().specName() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        String spec = Stream.concat(Stream.of(common),
                        byVendor.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()))
                .filter(section -> !section.isEmpty())
                .collect(Collectors.joining("; "));
        return spec.isEmpty() ? "none" : spec;
    }
}
