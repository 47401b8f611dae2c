package io.retouch.report;

/**
 * Text into HTML. Everything from the database goes through here: an item key, a prompt or a vendor's
 * message is whatever a manifest or a vendor said, and may hold markup.
 */
final class Html {

    private Html() {
    }

    /** Safe both as element text and inside a quoted attribute value. */
    static String text(Object value) {
        if (value == null) return "";
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
