package io.retouch.sim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** Talks to a running simulator over real HTTP, the way a fal adapter would. */
public final class SimClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String falBaseUrl;

    SimClient(Simulator simulator) {
        this(simulator.baseUrl("/fal"));
    }

    SimClient(String falBaseUrl) {
        this.falBaseUrl = falBaseUrl;
    }

    record Reply(int status, JsonNode body, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply submit(Map<String, Object> body) {
        return submitRaw(JSON.writeValueAsBytes(body), "Key test-key");
    }

    Reply submitRaw(byte[] body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(falBaseUrl + "/fal-ai/nano-banana-pro/edit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    Reply status(String id) {
        return get(falBaseUrl + "/fal-ai/nano-banana-pro/requests/" + id + "/status?logs=1");
    }

    String statusOf(String id) {
        return status(id).body().get("status").stringValue();
    }

    Reply result(String id) {
        return get(falBaseUrl + "/fal-ai/nano-banana-pro/requests/" + id);
    }

    Reply cancel(String id) {
        return send(HttpRequest.newBuilder(URI.create(falBaseUrl + "/fal-ai/nano-banana-pro/requests/" + id
                + "/cancel")).header("Authorization", "Key test-key").PUT(HttpRequest.BodyPublishers.noBody()));
    }

    Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Key test-key").GET());
    }

    /** Submits, expects acceptance, and returns the request id. */
    String accepted(Map<String, Object> body) {
        Reply reply = submit(body);
        if (reply.status() != 200) {
            throw new AssertionError("submit answered " + reply.status() + ": " + reply.body());
        }
        return reply.body().get("request_id").stringValue();
    }

    void awaitCompleted(String id) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> statusOf(id).equals("COMPLETED"));
    }

    byte[] download(String url) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url)).GET()).raw();
        if (response.statusCode() != 200) {
            throw new AssertionError("download answered " + response.statusCode());
        }
        return response.body();
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean json = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return new Reply(response.statusCode(), json ? JSON.readTree(response.body()) : null, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> editBody(String prompt, String... imageUrls) {
        return Map.of("prompt", prompt, "image_urls", List.of(imageUrls));
    }

    public static byte[] png(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String pngDataUri(int width, int height, Color color) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(width, height, color));
    }
}
