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

    public static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/png" -> "png";
            default -> "bin";
        };
    }
}
