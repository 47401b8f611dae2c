package io.retouch.sim;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a simulated edit runs once it holds a concurrency slot. Specs:
 * {@code fixed:1s}, {@code uniform:500ms-2s}, {@code lognormal:mean=1500ms,sd=400ms}
 * (mean and standard deviation of the latency itself, not of its logarithm) or
 * {@code lognormal:median=2s,sigma=0.3} (the median, and the standard deviation of the logarithm: the
 * form latency measurements are usually given in; its mean is {@code median * exp(sigma^2 / 2)}).
 * Durations are a number with unit {@code ms}, {@code s} or {@code m}.
 */
public final class LatencyModel {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");
    private static final Pattern UNIFORM = Pattern.compile("([^-]+)-([^-]+)");
    private static final Pattern LOGNORMAL = Pattern.compile("mean=([^,]+),sd=([^,]+)");
    private static final Pattern LOGNORMAL_MEDIAN = Pattern.compile("median=([^,]+),sigma=([^,]+)");

    private final String spec;
    private final long meanMillis;
    private final ToLongFunction<SplittableRandom> draw;

    private LatencyModel(String spec, long meanMillis, ToLongFunction<SplittableRandom> draw) {
        this.spec = spec;
        this.meanMillis = meanMillis;
        this.draw = draw;
    }

    public static LatencyModel parse(String spec) {
        if (spec == null || !spec.contains(":"))
            throw new IllegalArgumentException("Latency spec '" + spec
                    + "' must look like fixed:1s, uniform:500ms-2s, lognormal:mean=1500ms,sd=400ms"
                    + " or lognormal:median=2s,sigma=0.3");
        String trimmed = spec.strip();
        String name = trimmed.substring(0, trimmed.indexOf(':'));
        String args = trimmed.substring(trimmed.indexOf(':') + 1);
        return switch (name) {
            case "fixed" -> {
                long millis = millis(args, trimmed);
                yield new LatencyModel(trimmed, millis, random -> millis);
            }
            case "uniform" -> uniform(args, trimmed);
            case "lognormal" -> lognormal(args, trimmed);
            default -> throw new IllegalArgumentException("Unknown latency model '" + name + "' in '" + trimmed
                    + "'; known: fixed, uniform, lognormal");
        };
    }

    private static LatencyModel uniform(String args, String spec) {
        Matcher m = UNIFORM.matcher(args);
        if (!m.matches())
            throw new IllegalArgumentException("Bad uniform range '" + args + "' in '" + spec + "'; expected MIN-MAX");
        long min = millis(m.group(1), spec);
        long max = millis(m.group(2), spec);
        if (max < min)
            throw new IllegalArgumentException("Uniform range '" + args + "' in '" + spec + "' has MAX below MIN");
        return new LatencyModel(spec, (min + max) / 2, random -> min + (long) (random.nextDouble() * (max - min + 1)));
    }

    private static LatencyModel lognormal(String args, String spec) {
        Matcher median = LOGNORMAL_MEDIAN.matcher(args);
        if (median.matches()) return lognormalByMedian(median, spec);
        Matcher m = LOGNORMAL.matcher(args);
        if (!m.matches())
            throw new IllegalArgumentException("Bad lognormal parameters '" + args + "' in '" + spec
                    + "'; expected mean=DURATION,sd=DURATION or median=DURATION,sigma=NUMBER");
        long mean = millis(m.group(1), spec);
        long sd = millis(m.group(2), spec);
        if (mean == 0)
            throw new IllegalArgumentException("Lognormal mean in '" + spec + "' must be positive");
        // mu and sigma of the underlying normal distribution, from the mean and sd of the latency
        double variance = Math.log(1 + (double) sd * sd / ((double) mean * mean));
        double mu = Math.log(mean) - variance / 2;
        double sigma = Math.sqrt(variance);
        return new LatencyModel(spec, mean, random -> Math.round(Math.exp(mu + sigma * random.nextGaussian())));
    }

    /** {@code median=DURATION,sigma=NUMBER}: mu is the log of the median; sigma is given as it is. */
    private static LatencyModel lognormalByMedian(Matcher m, String spec) {
        long median = millis(m.group(1), spec);
        double sigma;
        try {
            sigma = Double.parseDouble(m.group(2).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad lognormal sigma '" + m.group(2) + "' in '" + spec
                    + "'; expected a number, e.g. 0.3");
        }
        if (median == 0)
            throw new IllegalArgumentException("Lognormal median in '" + spec + "' must be positive");
        if (!(sigma >= 0) || Double.isInfinite(sigma))
            throw new IllegalArgumentException("Lognormal sigma in '" + spec + "' must be a number of 0 or more");
        double mu = Math.log(median);
        long mean = Math.round(median * Math.exp(sigma * sigma / 2));
        return new LatencyModel(spec, mean, random -> Math.round(Math.exp(mu + sigma * random.nextGaussian())));
    }

    private static long millis(String text, String spec) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches())
            throw new IllegalArgumentException("Bad duration '" + text + "' in '" + spec
                    + "'; expected a number with unit ms, s or m (e.g. 1500ms, 1.5s)");
        double factor = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            default -> 60_000;
        };
        return Math.round(Double.parseDouble(m.group(1)) * factor);
    }

    public Duration mean() {
        return Duration.ofMillis(meanMillis);
    }

    /** The same seed always gives the same latency, so schedules are repeatable. */
    public Duration sample(long seed) {
        return Duration.ofMillis(draw.applyAsLong(new SplittableRandom(seed)));
    }

    @Override
    public String toString() {
        return spec;
    }
}
