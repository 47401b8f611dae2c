package io.retouch.storage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders the spec's key template; the same task and index always give the same key. */
public final class OutputKeys {

    public static final List<String> PLACEHOLDERS = List.of("ext", "index", "item", "job", "line", "run");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final String RULE = "a key is names joined by single '/' (none of them '.' or '..'), made of letters, digits,"
            + " '.', '_', '-' and the placeholders " + PLACEHOLDERS + ", e.g. {job}/{run}/{item}/{index}.{ext}";

    private OutputKeys() {
    }

    public static String render(String template, String job, long run, String item, long line, int index, String ext) {
        return template.replace("{job}", job)
                .replace("{run}", Long.toString(run))
                .replace("{item}", item)
                .replace("{line}", Long.toString(line))
                .replace("{index}", Integer.toString(index))
                .replace("{ext}", ext);
    }

    /**
     * What keeps {@code template} from giving every output of a run a key of its own, inside the
     * bucket; empty when nothing does. Checked when the spec is read, before anything is paid for.
     */
    public static List<String> templateProblems(String template) {
        List<String> problems = new ArrayList<>();
        String path = pathProblem(template);
        if (path != null) problems.add("'" + template + "' " + path + "; " + RULE);
        PLACEHOLDER.matcher(template).replaceAll("").chars().filter(c -> !isKeyChar(c)).findFirst().ifPresent(c ->
                problems.add("'" + template + "' must not hold '" + (char) c + "' outside a placeholder; " + RULE));
        Set<String> used = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        String previous = null;
        for (int previousEnd = -1; m.find(); previousEnd = m.end(), previous = m.group(1)) {
            String name = m.group(1);
            if (!PLACEHOLDERS.contains(name)) problems.add("unknown placeholder {" + name + "} (known: " + PLACEHOLDERS + ")");
            // {item}{line}: item a1 on line 23 and item a12 on line 3 would both give a123
            if (m.start() == previousEnd)
                problems.add("'" + template + "' has {" + previous + "} and {" + name + "} next to each other, so one"
                        + " cannot be told from the other; put a '/', '-' or '_' between them");
            used.add(name);
        }
        if (!used.contains("item") || !used.contains("index"))
            problems.add("must contain {item} and {index} so that every output gets its own key");
        return problems;
    }

    private static boolean isKeyChar(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/');
    }

    /**
     * Why {@code path} could name the same object as another path, or null when it cannot. S3 itself
     * compares keys byte by byte, but a store kept on a filesystem (the embedded S3Proxy) reads
     * {@code a//b}, {@code a/./b} and {@code a/b} as one file, and a trailing '/' as a folder.
     */
    public static String pathProblem(String path) {
        if (path.startsWith("/")) return "must be relative: it must not start with '/'";
        if (path.endsWith("/")) return "must not end with '/'";
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) return "must not have an empty segment ('//')";
            if (segment.equals(".") || segment.equals("..")) return "must not have a '" + segment + "' segment";
        }
        return null;
    }

    public static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/png" -> "png";
            default -> "bin";
        };
    }
}
