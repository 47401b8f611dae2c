package io.retouch.provider.gemini.batch;

import io.retouch.provider.gemini.GeminiInputs;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a batch window closes: at {@code maxRows} rows, before it would pass {@code maxBytes} of
 * request body, or {@code maxWait} after its first row — whichever comes first. Read from
 * {@code RETOUCH_GEMINI_BATCH_MAX_ROWS}, {@code …_MAX_BYTES} and {@code …_MAX_WAIT}.
 */
record BatchLimits(int maxRows, long maxBytes, Duration maxWait) {

    static final String MAX_ROWS = "RETOUCH_GEMINI_BATCH_MAX_ROWS";
    static final String MAX_BYTES = "RETOUCH_GEMINI_BATCH_MAX_BYTES";
    static final String MAX_WAIT = "RETOUCH_GEMINI_BATCH_MAX_WAIT";

    /** Below Google's 20 MB inline limit, leaving room for the envelope. */
    static final long DEFAULT_MAX_BYTES = 18L * 1000 * 1000;
    static final BatchLimits DEFAULTS = new BatchLimits(50, DEFAULT_MAX_BYTES, Duration.ofSeconds(2));

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kb|mb)");

    BatchLimits {
        if (maxRows < 1) throw new IllegalArgumentException(MAX_ROWS + " must be at least 1, was " + maxRows);
        if (maxBytes < 1 || maxBytes > GeminiInputs.MAX_REQUEST_BYTES)
            throw new IllegalArgumentException(MAX_BYTES + " must be 1.." + GeminiInputs.MAX_REQUEST_BYTES
                    + " (Google's inline limit), was " + maxBytes);
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(Duration.ofHours(1)) > 0)
            throw new IllegalArgumentException(MAX_WAIT + " must be positive and at most 1h, was " + maxWait);
    }

    static BatchLimits from(Map<String, String> env) {
        int rows = DEFAULTS.maxRows;
        String value = env.get(MAX_ROWS);
        if (value != null && !value.isBlank()) {
            try {
                rows = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_ROWS + " is not a whole number: " + value.strip());
            }
        }
        long bytes = DEFAULTS.maxBytes;
        value = env.get(MAX_BYTES);
        if (value != null && !value.isBlank()) {
            Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) throw new IllegalArgumentException(MAX_BYTES + " is not a size like 18000000 or 18MB: " + value.strip());
            long unit = switch (m.group(2)) {
                case "kb" -> 1000;
                case "mb" -> 1000 * 1000;
                default -> 1;
            };
            bytes = Long.parseLong(m.group(1)) * unit;
        }
        Duration wait = DEFAULTS.maxWait;
        value = env.get(MAX_WAIT);
        if (value != null && !value.isBlank()) {
            Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) throw new IllegalArgumentException(MAX_WAIT + " is not a duration like 200ms, 2s or 1m: " + value.strip());
            long n = Long.parseLong(m.group(1));
            wait = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
        return new BatchLimits(rows, bytes, wait);
    }
}
