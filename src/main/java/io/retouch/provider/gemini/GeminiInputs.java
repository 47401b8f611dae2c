package io.retouch.provider.gemini;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Gemini API takes input images inline, as base64 — it fetches nothing itself. So the adapter
 * downloads every input (a presigned http(s) URL, or a {@code data:} URL) with a plain HTTP client
 * that carries no credentials, sniffs its type and encodes it. Downloading is free; a failure here
 * means nothing was sent to Google.
 */
public final class GeminiInputs implements AutoCloseable {

    /** Google's limit on a whole inline request (vendors.md §7.1, §7.2). */
    public static final long MAX_REQUEST_BYTES = 20L * 1000 * 1000;
    /** Room left in a request for the prompt and the JSON around the images. */
    private static final long ENVELOPE_BYTES = 64 * 1024;
    /** Raw image bytes whose base64 still fits one request. */
    public static final long MAX_RAW_BYTES = (MAX_REQUEST_BYTES - ENVELOPE_BYTES) / 4 * 3;

    /** What Gemini reads as image input. */
    private static final Set<String> SUPPORTED = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");

    /** One input image, ready to inline. */
    public record InlineImage(String mimeType, String base64) {
        @Override
        public String toString() {
            return "InlineImage[" + mimeType + ", " + base64.length() + " base64 chars]";
        }
    }

    /** Input {@code index} (0-based) could not be used; nothing was sent to the vendor. */
    public static final class InputProblem extends Exception {
        InputProblem(int index, String message) {
            super("input image " + (index + 1) + ": " + message);
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    public GeminiInputs(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Every input, in order; their raw total at most {@link #MAX_RAW_BYTES}. */
    public List<InlineImage> fetch(List<String> urls) throws InputProblem, InterruptedException {
        List<InlineImage> images = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < urls.size(); i++) {
            Download download = download(i, urls.get(i), MAX_RAW_BYTES - total);
            total += download.bytes().length;
            images.add(new InlineImage(mimeType(i, download.bytes(), download.contentType()),
                    Base64.getEncoder().encodeToString(download.bytes())));
        }
        return images;
    }

    /** Bytes as fetched, with the Content-Type the server declared (a fallback for sniffing), or null. */
    private record Download(byte[] bytes, String contentType) {}

    private Download download(int index, String url, long budget) throws InputProblem, InterruptedException {
        if (url == null || url.isBlank()) throw new InputProblem(index, "the URL is empty");
        if (url.startsWith("data:")) return new Download(dataUrl(index, url, budget), dataType(url));
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InputProblem(index, "not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null)
            throw new InputProblem(index, "only http(s) and data: URLs can be fetched");
        try {
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2)
                    throw new InputProblem(index, "HTTP " + response.statusCode() + " from " + where(uri));
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
                if (bytes.length > budget) throw tooLarge(index);
                return new Download(bytes, response.headers().firstValue("Content-Type").orElse(null));
            }
        } catch (IOException e) {
            throw new InputProblem(index, "download from " + where(uri) + " failed: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] dataUrl(int index, String url, long budget) throws InputProblem {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64"))
            throw new InputProblem(index, "only base64 data: URLs are supported");
        // base64 is 4 characters per 3 bytes: reject before decoding what cannot fit.
        if ((long) (url.length() - comma - 1) / 4 * 3 > budget + 3) throw tooLarge(index);
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(url.substring(comma + 1));
            if (bytes.length > budget) throw tooLarge(index);
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new InputProblem(index, "the data: URL is not valid base64");
        }
    }

    private static String dataType(String url) {
        int semicolon = url.indexOf(';');
        return semicolon > 5 ? url.substring(5, semicolon) : null;
    }

    private static InputProblem tooLarge(int index) {
        return new InputProblem(index, "the inputs together exceed the " + MAX_REQUEST_BYTES / 1_000_000
                + " MB Google accepts inline in one request");
    }

    /** The image type from its first bytes; the server's Content-Type only when the bytes do not say. */
    static String mimeType(int index, byte[] bytes, String contentType) throws InputProblem {
        String sniffed = sniff(bytes);
        if (sniffed != null) return sniffed;
        String declared = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (declared.equals("image/jpg")) declared = "image/jpeg";
        if (SUPPORTED.contains(declared)) return declared;
        throw new InputProblem(index, "not a PNG, JPEG, WebP or HEIC/HEIF image");
    }

    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) return "image/jpeg";
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "image/webp";
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            String brand = new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.startsWith("hei") || brand.startsWith("hev")) return "image/heic";
            if (brand.equals("mif1") || brand.equals("msf1")) return "image/heif";
        }
        return null;
    }

    /** Host and path only: a presigned URL's query string is a credential and stays out of audit text. */
    private static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + (uri.getPath() == null ? "" : uri.getPath());
    }

    @Override
    public void close() {
        client.close();
    }
}
