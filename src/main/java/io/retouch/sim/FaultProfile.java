package io.retouch.sim;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Which failures the simulator injects, as probabilities, e.g.
 * {@code submit-5xx=0.1,submit-429=0.05,result-422=0.1}. Submit faults reject a submission before it
 * is paid; task faults hit an accepted (paid) request later. Each group's probabilities add up to at
 * most 1, because one draw picks at most one fault per group.
 */
public final class FaultProfile {

    /** A fault by its name in the spec. */
    enum Fault {
        SUBMIT_5XX("submit-5xx"),
        SUBMIT_429("submit-429"),
        SUBMIT_429_RETRY_AFTER("submit-429-retry-after"),
        RESULT_422("result-422"),
        EXPIRED_OUTPUT("expired-output");

        final String specName;

        Fault(String specName) {
            this.specName = specName;
        }

        boolean atSubmit() {
            return specName.startsWith("submit-");
        }
    }

    /** What one submission will suffer: a submit fault (null if accepted), else how its task ends. */
    record Decision(Fault submitFault, Outcome outcome) {
    }

    private static final FaultProfile NONE = new FaultProfile(new EnumMap<>(Fault.class));

    private final Map<Fault, Double> probabilities;

    private FaultProfile(Map<Fault, Double> probabilities) {
        this.probabilities = probabilities;
    }

    public static FaultProfile none() {
        return NONE;
    }

    public static FaultProfile parse(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equals("none")) {
            return NONE;
        }
        Map<Fault, Double> probabilities = new EnumMap<>(Fault.class);
        for (String entry : spec.split(",")) {
            String[] pair = entry.strip().split("=", 2);
            Fault fault = Arrays.stream(Fault.values())
                    .filter(f -> f.specName.equals(pair[0].strip()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown fault '" + pair[0].strip()
                            + "' in '" + spec + "'; known: " + knownNames()));
            probabilities.put(fault, probability(pair, spec));
        }
        requireGroupSumAtMostOne(probabilities, true, spec);
        requireGroupSumAtMostOne(probabilities, false, spec);
        return new FaultProfile(probabilities);
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

    private static void requireGroupSumAtMostOne(Map<Fault, Double> probabilities, boolean atSubmit, String spec) {
        double sum = probabilities.entrySet().stream()
                .filter(e -> e.getKey().atSubmit() == atSubmit)
                .mapToDouble(Map.Entry::getValue)
                .sum();
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("The " + (atSubmit ? "submit-*" : "task")
                    + " fault probabilities in '" + spec + "' add up to " + sum + ", more than 1");
        }
    }

    private static String knownNames() {
        return Arrays.stream(Fault.values()).map(f -> f.specName).collect(Collectors.joining(", "));
    }

    /** Same seed, same decision: the caller derives the seed from the body and attempt number. */
    Decision decide(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Fault submitFault = pick(random.nextDouble(), Fault.SUBMIT_5XX, Fault.SUBMIT_429,
                Fault.SUBMIT_429_RETRY_AFTER);
        Fault taskFault = pick(random.nextDouble(), Fault.RESULT_422, Fault.EXPIRED_OUTPUT);
        Outcome outcome = taskFault == null ? Outcome.SUCCEEDED
                : taskFault == Fault.RESULT_422 ? Outcome.CONTENT_POLICY_VIOLATION : Outcome.OUTPUT_EXPIRED;
        return new Decision(submitFault, outcome);
    }

    private Fault pick(double draw, Fault... candidates) {
        double threshold = 0;
        for (Fault candidate : candidates) {
            threshold += probabilities.getOrDefault(candidate, 0.0);
            if (draw < threshold) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        if (probabilities.isEmpty()) {
            return "none";
        }
        return probabilities.entrySet().stream()
                .map(e -> e.getKey().specName + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
