package io.retouch.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * fal's queue for {@code fal-ai/nano-banana-pro/edit} on 127.0.0.1, over real HTTP, delivering what
 * the test says rather than what was ordered: each submission gets the images {@code deliver} picks
 * from its JSON body. The built-in simulator always delivers the order; this is for the other case.
 * Every request is finished at once ({@code COMPLETED}); the result lists each image with the
 * content type that was ordered, whatever the bytes are, as a careless vendor would.
 */
public final class FalStandIn implements AutoCloseable {

    /** One image to deliver: a real {@code format} image (png, jpeg, webp) of that size. */
    public record Image(String format, int width, int height) {}

    private static final String MODEL = "/fal-ai/nano-banana-pro";
    private static final JsonMapper JSON = new JsonMapper();

    private final Function<JsonNode, List<Image>> deliver;
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    private record Delivery(String orderedFormat, List<Image> images) {}

    public FalStandIn(Function<JsonNode, List<Image>> deliver) throws IOException {
        this.deliver = deliver;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The {@code base-url} of a fal vendor in a spec. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Submissions taken (each one paid, on the real fal). */
    public int submissions() {
        return deliveries.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] segments = path.split("/");
            if (exchange.getRequestMethod().equals("POST") && path.equals(MODEL + "/edit")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                String id = UUID.randomUUID().toString();
                deliveries.put(id, new Delivery(body.path("output_format").asString("png"), List.copyOf(deliver.apply(body))));
                json(exchange, 200, JSON.createObjectNode().put("request_id", id).put("status", "IN_QUEUE"));
            } else if (path.startsWith(MODEL + "/requests/") && path.endsWith("/status")) {
                json(exchange, 200, JSON.createObjectNode().put("status", "COMPLETED"));
            } else if (path.startsWith(MODEL + "/requests/") && exchange.getRequestMethod().equals("GET")) {
                result(exchange, segments[segments.length - 1]);
            } else if (path.startsWith("/files/")) {
                Image image = deliveries.get(segments[2]).images().get(Integer.parseInt(segments[3]));
                byte[] bytes = encode(image);
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } else {
                json(exchange, 400, JSON.createObjectNode().put("detail", "ALREADY_COMPLETED"));
            }
        }
    }

    private void result(HttpExchange exchange, String id) throws IOException {
        Delivery delivery = deliveries.get(id);
        if (delivery == null) {
            json(exchange, 404, JSON.createObjectNode().put("detail", "Request not found"));
            return;
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode images = result.putArray("images");
        for (int n = 0; n < delivery.images().size(); n++) {
            Image image = delivery.images().get(n);
            images.addObject().put("url", baseUrl() + "/files/" + id + "/" + n)
                    .put("content_type", "image/" + delivery.orderedFormat())
                    .put("width", image.width()).put("height", image.height());
        }
        result.put("description", "");
        json(exchange, 200, result);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] encode(Image image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BufferedImage canvas = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
            if (!ImageIO.write(canvas, image.format(), out)) throw new IllegalArgumentException("no writer for " + image.format());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
