package io.retouch.spec;

import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * The {@code schedule:} of a job spec as Spring's {@link CronExpression}: crontab's 5 fields
 * (minute first), Spring's 6 (seconds first) or a macro such as {@code @daily}. A refusal names
 * the field that does not parse, in crontab's words.
 */
public final class Crons {

    private static final List<String> FIVE = List.of("minute", "hour", "day of month", "month", "day of week");
    private static final List<String> SIX = List.of("second", "minute", "hour", "day of month", "month", "day of week");

    private Crons() {
    }

    /** The expression, or an {@link IllegalArgumentException} saying which field is wrong and why. */
    public static CronExpression parse(String cron) {
        String text = cron.trim();
        if (text.startsWith("@")) return checked(text, text, List.of());
        String[] fields = text.split("\\s+");
        return switch (fields.length) {
            case 5 -> checked(text, "0 " + text, FIVE);
            case 6 -> checked(text, text, SIX);
            default -> throw new IllegalArgumentException("'" + text + "' has " + fields.length + " fields; give 5 (minute hour"
                    + " day-of-month month day-of-week, as in crontab) or 6 (seconds first), or a macro such as @daily");
        };
    }

    private static CronExpression checked(String given, String six, List<String> names) {
        try {
            return CronExpression.parse(six);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + given + "' does not parse: " + culprit(given, names, e), e);
        }
    }

    /** Each field alone among wildcards: the first that still fails is the one to name. */
    private static String culprit(String given, List<String> names, IllegalArgumentException whole) {
        String[] fields = given.split("\\s+");
        for (int i = 0; i < names.size(); i++) {
            String[] probe = new String[6];
            java.util.Arrays.fill(probe, "*");
            probe[0] = "0";
            probe[i + 6 - names.size()] = fields[i];
            try {
                CronExpression.parse(String.join(" ", probe));
            } catch (IllegalArgumentException e) {
                return names.get(i) + " '" + fields[i] + "': " + reason(e);
            }
        }
        return reason(whole);
    }

    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // Spring wraps the field's own complaint: "Invalid cron expression ... : <why>"; keep the why
        return e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : message;
    }
}
