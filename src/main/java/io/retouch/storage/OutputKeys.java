package io.retouch.storage;

/** Renders the spec's key template; the same task and index always give the same key. */
public final class OutputKeys {

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
     * Why {@code path} could name the same object as another path, or null when it cannot. S3 itself
     * compares keys byte by byte, but stores on a filesystem (the embedded S3Proxy, MinIO) read
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
