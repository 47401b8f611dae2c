package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET …/requests/{id}}: the edit output once COMPLETED. A request that failed is COMPLETED
 * too; only here does it answer with an error (vendors.md §0.2), which adapters must expect.
 */
final class FalResults {

    private final SimIntake intake;

    FalResults(SimIntake intake) {
        this.intake = intake;
    }

    void result(HttpExchange exchange, String id) throws IOException, InterruptedException {
        Optional<SimRequest> found = intake.find(id);
        if (found.isEmpty()) {
            HttpReplies.json(exchange, 404, Map.of("detail", "Request not found"));
            return;
        }
        SimRequest request = found.get();
        exchange.getResponseHeaders().set("x-fal-request-id", id);
        switch (request.phaseAt(intake.now())) {
            case IN_QUEUE, IN_PROGRESS -> HttpReplies.json(exchange, 400,
                    Map.of("detail", "Request is still in progress"));
            case CANCELLED -> {
                exchange.getResponseHeaders().set("X-Fal-Error-Type", "client_cancelled");
                HttpReplies.json(exchange, 410, Map.of("detail", "Request was cancelled",
                        "error_type", "client_cancelled"));
            }
            case COMPLETED -> completedResult(exchange, request);
        }
    }

    private void completedResult(HttpExchange exchange, SimRequest request) throws IOException, InterruptedException {
        if (request.outcome() == Outcome.TASK_FAILED) {
            // fal has no failed status: the request COMPLETED and only its result tells.
            exchange.getResponseHeaders().set("X-Fal-Error-Type", "runner_server_error");
            exchange.getResponseHeaders().set("X-Fal-Retryable", "false");
            HttpReplies.json(exchange, 500, Map.of("detail", "The model runner failed while processing the request",
                    "error_type", "runner_server_error"));
            return;
        }
        if (request.outcome() == Outcome.CONTENT_BLOCKED) {
            exchange.getResponseHeaders().set("X-Fal-Retryable", "false");
            HttpReplies.json(exchange, 422, Map.of("detail", List.of(Violation.ofField("prompt",
                    "The content could not be processed because it contained material flagged by a content "
                            + "checker.", "content_policy_violation"))));
            return;
        }
        List<Map<String, Object>> images = new ArrayList<>();
        List<OutputRenderer.OutputFile> outputs = intake.outputs(request);
        for (int n = 0; n < outputs.size(); n++) {
            OutputRenderer.OutputFile output = outputs.get(n);
            String fileName = n + "." + request.params().outputFormat();
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("url", intake.fileUrl(request, n));
            image.put("content_type", output.contentType());
            image.put("file_name", "nano-banana-pro-edit-" + fileName);
            image.put("file_size", output.size());
            image.put("width", output.width());
            image.put("height", output.height());
            images.add(image);
        }
        HttpReplies.json(exchange, 200, Map.of("images", images, "description", ""));
    }
}
