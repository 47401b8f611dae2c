package io.retouch.provider.http;

/**
 * A vendor credential. Checked on the way in without echoing it, so no HTTP client ever reports a
 * bad key in an error; masked in every text that may reach an audit row or a log.
 */
public final class Secret {

    /**
     * Masking a value this short would corrupt ordinary text (a key "k" would turn "task_info" into
     * "tas***_info" and break the parsing of every answer), and no real vendor key is this short.
     */
    private static final int MIN_MASKED_LENGTH = 8;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @param what names the credential in errors, e.g. "MuleRun API key" */
    public static Secret of(String what, String value) {
        if (value == null || value.isBlank() || !value.chars().allMatch(c -> c > ' ' && c < 127))
            throw new IllegalArgumentException(what + " is empty or contains whitespace or control characters");
        return new Secret(value);
    }

    public String value() {
        return value;
    }

    /** The text with the key, and the secret half of an {@code id:secret} key, masked (unless too short to mask). */
    public String redact(String text) {
        if (text == null) return null;
        String masked = mask(text, value);
        int colon = value.indexOf(':');
        return colon < 0 || colon == value.length() - 1 ? masked : mask(masked, value.substring(colon + 1));
    }

    private static String mask(String text, String part) {
        return part.length() < MIN_MASKED_LENGTH ? text : text.replace(part, "***");
    }

    @Override
    public String toString() {
        return "***";
    }
}
