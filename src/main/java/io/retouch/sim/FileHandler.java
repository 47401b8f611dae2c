package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /files/{id}/{n}.{ext}}: the simulator's stand-in for fal's CDN. Expired outputs answer
 * 410 while the result keeps listing them, as real vendor URLs do once their retention runs out.
 */
final class FileHandler implements HttpHandler {

    private final SimRequestStore store;
    private final OutputRenderer renderer;
    private final InstantSource clock;

    FileHandler(SimRequestStore store, OutputRenderer renderer, InstantSource clock) {
        this.store = store;
        this.renderer = renderer;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        HttpReplies.guarded(exchange, () -> serve(exchange));
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        String[] segments = exchange.getRequestURI().getPath().substring("/files/".length()).split("/");
        Optional<SimRequest> request = segments.length == 2 ? store.find(segments[0]) : Optional.empty();
        int index = request.isPresent() ? outputIndex(segments[1], request.get().params()) : -1;
        if (!exchange.getRequestMethod().equals("GET")) {
            HttpReplies.json(exchange, 405, Map.of("detail", "Method Not Allowed"));
        } else if (index < 0 || !servable(request.get())) {
            HttpReplies.json(exchange, 404, Map.of("detail", "File not found"));
        } else if (request.get().outcome() == Outcome.OUTPUT_EXPIRED) {
            HttpReplies.json(exchange, 410, Map.of("detail", "File has expired"));
        } else {
            List<OutputRenderer.OutputFile> outputs = renderer.outputs(request.get());
            HttpReplies.file(exchange, outputs.get(index).path(), outputs.get(index).contentType());
        }
    }

    /** Output files exist only for requests that completed with images. */
    private boolean servable(SimRequest request) {
        return request.phaseAt(clock.millis()) == SimRequest.Phase.COMPLETED
                && request.producesImages();
    }

    /** {@code n.ext} → n when it names one of the request's outputs, else -1. */
    private static int outputIndex(String fileName, EditParams params) {
        String suffix = "." + params.outputFormat();
        if (!fileName.endsWith(suffix)) {
            return -1;
        }
        try {
            int index = Integer.parseInt(fileName.substring(0, fileName.length() - suffix.length()));
            return index >= 0 && index < params.numImages() ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
