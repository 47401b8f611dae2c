package io.retouch.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /mulerun/vendors/google/v1/nano-banana-pro/edit}: validate against MuleRun's schema,
 * roll the dice, let {@link SimIntake} fetch, queue, persist and count the task, then answer 202
 * {@code {task_info{id,status,created_at,updated_at}}} — or the fault, in MuleRun's words.
 */
final class MuleRunSubmitter {

    private final SimIntake intake;
    private final MuleRunBodyValidator validator = new MuleRunBodyValidator();

    MuleRunSubmitter(SimIntake intake) {
        this.intake = intake;
    }

    void submit(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        MuleRunBodyValidator.Result validated = validator.validate(body);
        if (!validated.problems().isEmpty()) {
            MuleRunReplies.error(exchange, 400, "Bad Request", "Invalid parameters: "
                    + String.join("; ", validated.problems()));
            return;
        }
        SimIntake.Admission admission = intake.admit(MuleRunHandler.VENDOR, body);
        if (admission.refused()) {
            rejectWithFault(exchange, admission.refusal());
            return;
        }
        SimRequest request;
        try {
            request = intake.accept(admission, validated.params(), null, null);
        } catch (SimIntake.InputRejected rejected) {
            MuleRunReplies.error(exchange, 400, "Bad Request", "Invalid parameters: images[" + rejected.index
                    + "]: the image could not be downloaded or read: " + rejected.getMessage());
            return;
        }
        if (intake.answeredBadly(admission, exchange, 202)) return;
        HttpReplies.json(exchange, 202, Map.of("task_info", MuleRunHandler.taskInfo(request, SimRequest.Phase.IN_QUEUE,
                request.submittedAt())));
    }

    private static void rejectWithFault(HttpExchange exchange, FaultProfile.Fault fault) throws IOException {
        switch (fault) {
            case SUBMIT_5XX -> MuleRunReplies.error(exchange, 503, "Service Unavailable",
                    "The service is temporarily unavailable, please try again later (simulated)");
            case SUBMIT_429_RETRY_AFTER -> MuleRunReplies.rateLimited(exchange, "1");
            case OUT_OF_CREDIT -> MuleRunReplies.error(exchange, 402, "Payment Required",
                    "Insufficient balance: top up your account or subscribe to continue (simulated)");
            case UNAUTHORIZED -> MuleRunReplies.unauthorized(exchange);
            default -> MuleRunReplies.rateLimited(exchange, null);
        }
    }
}
