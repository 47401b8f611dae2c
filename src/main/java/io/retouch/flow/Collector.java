package io.retouch.flow;

import io.retouch.audit.AuditLog;
import io.retouch.storage.ImageProbe;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.OutputKeys;
import io.retouch.storage.OutputRecord;
import io.retouch.storage.OutputStore;
import io.retouch.storage.S3Location;
import io.retouch.task.Task;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.task.Transition;
import io.retouch.provider.CollectOutcome;
import io.retouch.provider.OutputRef;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a finished task's outputs from the vendor into S3: fetch the result, download every
 * image at once (vendor URLs expire), check it is an image, store it under its deterministic key
 * with its SHA-256, record it; then check the outputs against the order ({@link OrderCheck}). Safe to
 * repeat after a crash: same keys, same rows, same verdict.
 */
final class Collector {

    /** The cause of a task whose stored outputs are not what it ordered: count, format or size. */
    static final String OUTPUT_MISMATCH = "OUTPUT_MISMATCH";

    private final TaskStore tasks;
    private final OutputStore outputs;
    private final ObjectStore store;
    private final AuditLog audit;
    private final OutputFetcher fetcher;

    Collector(TaskStore tasks, OutputStore outputs, ObjectStore store, AuditLog audit, OutputFetcher fetcher) {
        this.tasks = tasks;
        this.outputs = outputs;
        this.store = store;
        this.audit = audit;
        this.fetcher = fetcher;
    }

    /**
     * A finished task's result is paid for: failed calls (5xx, 429, an unreadable answer, a broken
     * download) are tried again with a backoff for as long as the vendor's {@code task-timeout},
     * not a fixed few times, before the task is given up as COLLECT_FAILED.
     */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    /**
     * The run's output bucket answers (made if need be) before anything is paid for: a store that
     * cannot be written fails the dispatch now, not each paid result later.
     */
    void prepare(RunContext run) {
        store.ensureBucket(run.spec().output().bucket());
    }

    Task collect(RunContext run, Task task) throws InterruptedException {
        VendorLane lane = run.lane(task);
        Instant deadline = Instant.now().plus(lane.limits().taskTimeout());
        String failure = "no attempt made";
        for (int attempt = 1; ; attempt++) {
            lane.awaitTurn();
            CollectOutcome outcome = lane.calling().collect(task.vendorRequestId());
            audit.vendorCall(run.runId(), task.id(), null, task.vendor(), outcome.call());
            Duration hint = null;
            switch (outcome) {
                case CollectOutcome.Failed f -> {
                    return tasks.move(task, Transition.to(TaskState.FAILED)
                            .withError(f.error().errorClass().name(), f.error().vendorCode(), f.error().toString()));
                }
                case CollectOutcome.Unavailable u -> {
                    failure = u.error().toString();
                    hint = u.error().retryAfter();
                    lane.heed(u.error());
                }
                case CollectOutcome.Outputs o -> {
                    try {
                        return store(run, task, o.outputs());
                    } catch (OutputFetcher.ExpiredException e) {
                        return fail(task, "OUTPUT_EXPIRED", e.getMessage());
                    } catch (IOException e) {
                        failure = e.getMessage();
                    }
                }
            }
            // a paid result is worth asking for often: waits stop growing at 10 s unless the vendor asks for more
            Duration wait = hint != null ? Backoff.after(attempt, hint) : min(Backoff.after(attempt, null), MAX_WAIT);
            if (Instant.now().plus(wait).isAfter(deadline))
                return fail(task, "COLLECT_FAILED", "gave up collecting after " + attempt + " tries in "
                        + lane.limits().taskTimeout() + "; last: " + failure);
            run.stop().sleep(wait);
        }
    }

    private Task store(RunContext run, Task task, List<OutputRef> refs)
            throws IOException, InterruptedException, OutputFetcher.ExpiredException {
        if (refs.isEmpty()) return fail(task, "VENDOR_TASK_FAILED", "the vendor returned no images");
        // more than ordered: the extras are kept after the row's ordered outputs, never over a sibling part's
        int parts = refs.size() > task.request().numImages() ? tasks.partsOf(run.runId(), task.itemKey()) : 1;
        List<ImageProbe> stored = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            byte[] bytes = fetcher.fetch(refs.get(i).url());
            ImageProbe image = ImageProbe.of(bytes);
            if (image == null) return fail(task, "VENDOR_TASK_FAILED", "output " + i + " is not a readable image");
            String sha = sha256(bytes);
            int index = task.outputIndex(i, parts);
            S3Location where = new S3Location(run.spec().output().bucket(), OutputKeys.render(run.spec().output().keyTemplate(),
                    run.spec().name(), run.runId(), task.itemKey(), task.lineNo(), index, OutputKeys.extension(image.contentType())));
            store.put(where, bytes, image.contentType(), Map.of("sha256", sha, "run", Long.toString(run.runId()),
                    "item", task.itemKey(), "vendor", task.vendor(), "vendor-request-id", task.vendorRequestId()));
            outputs.save(new OutputRecord(task.id(), index, run.runId(), where, sha, image.contentType(), bytes.length,
                    image.width(), image.height()));
            audit.event(run.runId(), task.id(), task.vendor(), "store", where.toString(),
                    "sha256=" + sha + " bytes=" + bytes.length + " " + image.width() + "x" + image.height());
            stored.add(image);
        }
        // paid and kept either way; a result other than the order is flagged, never called a success (§3.9)
        Optional<String> mismatch = OrderCheck.mismatch(task.request(), stored);
        if (mismatch.isPresent()) {
            audit.event(run.runId(), task.id(), task.vendor(), "check", null, mismatch.get());
            return fail(task, OUTPUT_MISMATCH, mismatch.get());
        }
        return tasks.move(task, Transition.to(TaskState.SUCCEEDED));
    }

    private Task fail(Task task, String errorClass, String message) {
        return tasks.move(task, Transition.to(TaskState.FAILED).withError(errorClass, message));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
