package io.retouch.provider.gemini;

import static io.retouch.provider.ErrorClass.INVALID_REQUEST;
import static io.retouch.provider.ErrorClass.RETRYABLE;

import io.retouch.provider.http.NotSent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;

/**
 * The Gemini API takes input images inline, as base64: it fetches nothing itself. So the adapters download
 * every input (a presigned http(s) URL, or a {@code data:} URL) with a plain HTTP client that carries no
 * credentials, sniff its type and encode it. Downloading is free; a failure here means nothing was sent to Google.
 */
final class GeminiInputs implements AutoCloseable {

    /** Google's limit on a whole inline request (vendors.md §7.1, §7.2). */
    static final long MAX_REQUEST_BYTES = 20L * 1000 * 1000;
    /** Raw image bytes whose base64 still fits one request, with 64 KiB left for the prompt and the JSON. */
    static final long MAX_RAW_BYTES = (MAX_REQUEST_BYTES - 64 * 1024) / 4 * 3;
    /** What Gemini reads as image input. */
    private static final Set<String> SUPPORTED = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");

    /** An input's bytes, with the type its server or {@code data:} URL declared (a fallback for sniffing), or null. */
    private record Download(byte[] bytes, String declaredType) {}

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** Every input, in order, as an {@code inline_data} part; their raw total at most {@link #MAX_RAW_BYTES}. */
    void inline(List<String> urls, ArrayNode parts) throws NotSent {
        long left = MAX_RAW_BYTES;
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i) == null ? "" : urls.get(i);
            Download in = url.startsWith("data:") ? decode(i, url, left) : download(i, url, left);
            left -= in.bytes().length;
            parts.addObject().putObject("inline_data").put("mime_type", mimeType(i, in.bytes(), in.declaredType()))
                    .put("data", Base64.getEncoder().encodeToString(in.bytes()));
        }
    }

    private Download download(int index, String url, long budget) throws NotSent {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw unusable(index, "not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null)
            throw unusable(index, "only http(s) and data: URLs can be fetched");
        // Host and path only: a presigned URL's query string is a credential and stays out of audit text.
        String where = uri.getScheme() + "://" + uri.getAuthority() + (uri.getPath() == null ? "" : uri.getPath());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) throw unusable(index, "HTTP " + response.statusCode() + " from " + where);
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
                if (bytes.length > budget) throw tooLarge(index);
                return new Download(bytes, response.headers().firstValue("Content-Type").orElse(null));
            }
        } catch (IOException e) {
            throw unusable(index, "download from " + where + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSent(RETRYABLE, "interrupted", "interrupted while fetching the inputs");
        }
    }

    private static Download decode(int index, String url, long budget) throws NotSent {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64"))
            throw unusable(index, "only base64 data: URLs are supported");
        // base64 is 4 characters per 3 bytes: refuse before decoding what cannot fit.
        if ((long) (url.length() - comma - 1) / 4 * 3 > budget + 3) throw tooLarge(index);
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(url.substring(comma + 1));
            if (bytes.length > budget) throw tooLarge(index);
            int semicolon = url.indexOf(';');
            return new Download(bytes, semicolon > 5 ? url.substring(5, semicolon) : null);
        } catch (IllegalArgumentException e) {
            throw unusable(index, "the data: URL is not valid base64");
        }
    }

    /** The image type from its first bytes; the declared type only when the bytes do not say. */
    static String mimeType(int index, byte[] bytes, String declaredType) throws NotSent {
        String sniffed = sniff(bytes);
        if (sniffed != null) return sniffed;
        String declared = declaredType == null ? "" : declaredType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (declared.equals("image/jpg")) declared = "image/jpeg";
        if (SUPPORTED.contains(declared)) return declared;
        throw unusable(index, "not a PNG, JPEG, WebP or HEIC/HEIF image");
    }

    /** Input {@code index} (0-based) cannot be used: the edit is refused, nothing was sent. */
    private static NotSent unusable(int index, String why) {
        return new NotSent(INVALID_REQUEST, "input_unavailable", "input image " + (index + 1) + ": " + why);
    }

    private static NotSent tooLarge(int index) {
        return unusable(index, "the inputs together exceed the " + MAX_REQUEST_BYTES / 1_000_000
                + " MB Google accepts inline in one request");
    }

    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) return "image/jpeg";
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "image/webp";
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
            if (brand.startsWith("hei") || brand.startsWith("hev")) return "image/heic";
            if (brand.equals("mif1") || brand.equals("msf1")) return "image/heif";
        }
        return null;
    }

    @Override
    public void close() {
        client.close();
    }
}
