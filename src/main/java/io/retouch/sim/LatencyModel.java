package io.retouch.sim;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a simulated edit runs once it holds a concurrency slot. Specs:
 * {@code fixed:1s}, {@code uniform:500ms-2s}, {@code lognormal:mean=1500ms,sd=400ms}
 * (mean and standard deviation of the latency itself, not of its logarithm).
 * Durations are a number with unit {@code ms}, {@code s} or {@code m}.
 */
public final class LatencyModel {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");
    private static final Pattern UNIFORM = Pattern.compile("([^-]+)-([^-]+)");
    private static final Pattern LOGNORMAL = Pattern.compile("mean=([^,]+),sd=([^,]+)");

    private final String spec;
    private final long minMillis;
    private final long maxMillis;
    private final long meanMillis;
    // Parameters of the underlying normal distribution; zero sigma means "no spread".
    private final double mu;
    private final double sigma;
    private final Kind kind;

    private enum Kind { FIXED, UNIFORM, LOGNORMAL }

    private LatencyModel(String spec, Kind kind, long minMillis, long maxMillis, long meanMillis, double mu,
                         double sigma) {
        this.spec = spec;
        this.kind = kind;
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.meanMillis = meanMillis;
        this.mu = mu;
        this.sigma = sigma;
    }

    public static LatencyModel parse(String spec) {
        if (spec == null || !spec.contains(":")) {
            throw new IllegalArgumentException("Latency spec '" + spec
                    + "' must look like fixed:1s, uniform:500ms-2s or lognormal:mean=1500ms,sd=400ms");
        }
        String trimmed = spec.strip();
        String name = trimmed.substring(0, trimmed.indexOf(':'));
        String args = trimmed.substring(trimmed.indexOf(':') + 1);
        return switch (name) {
            case "fixed" -> {
                long millis = millis(args, trimmed);
                yield new LatencyModel(trimmed, Kind.FIXED, millis, millis, millis, 0, 0);
            }
            case "uniform" -> uniform(args, trimmed);
            case "lognormal" -> lognormal(args, trimmed);
            default -> throw new IllegalArgumentException("Unknown latency model '" + name + "' in '" + trimmed
                    + "'; known: fixed, uniform, lognormal");
        };
    }

    private static LatencyModel uniform(String args, String spec) {
        Matcher m = UNIFORM.matcher(args);
        if (!m.matches()) {
            throw new IllegalArgumentException("Bad uniform range '" + args + "' in '" + spec + "'; expected MIN-MAX");
        }
        long min = millis(m.group(1), spec);
        long max = millis(m.group(2), spec);
        if (max < min) {
            throw new IllegalArgumentException("Uniform range '" + args + "' in '" + spec + "' has MAX below MIN");
        }
        return new LatencyModel(spec, Kind.UNIFORM, min, max, (min + max) / 2, 0, 0);
    }

    private static LatencyModel lognormal(String args, String spec) {
        Matcher m = LOGNORMAL.matcher(args);
        if (!m.matches()) {
            throw new IllegalArgumentException("Bad lognormal parameters '" + args + "' in '" + spec
                    + "'; expected mean=DURATION,sd=DURATION");
        }
        long mean = millis(m.group(1), spec);
        long sd = millis(m.group(2), spec);
        if (mean == 0) {
            throw new IllegalArgumentException("Lognormal mean in '" + spec + "' must be positive");
        }
        double variance = Math.log(1 + (double) sd * sd / ((double) mean * mean));
        return new LatencyModel(spec, Kind.LOGNORMAL, 0, 0, mean, Math.log(mean) - variance / 2,
                Math.sqrt(variance));
    }

    private static long millis(String text, String spec) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Bad duration '" + text + "' in '" + spec
                    + "'; expected a number with unit ms, s or m (e.g. 1500ms, 1.5s)");
        }
        double value = Double.parseDouble(m.group(1));
        double factor = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            default -> 60_000;
        };
        return Math.round(value * factor);
    }

    public Duration mean() {
        return Duration.ofMillis(meanMillis);
    }

    /** The same seed always gives the same latency, so schedules are repeatable. */
    public Duration sample(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return Duration.ofMillis(switch (kind) {
            case FIXED -> minMillis;
            case UNIFORM -> minMillis + (long) (random.nextDouble() * (maxMillis - minMillis + 1));
            case LOGNORMAL -> Math.round(Math.exp(mu + sigma * random.nextGaussian()));
        });
    }

    @Override
    public String toString() {
        return spec;
    }
}
