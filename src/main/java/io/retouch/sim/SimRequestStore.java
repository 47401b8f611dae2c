package io.retouch.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * All simulator state, on disk under the state dir and mirrored in memory:
 * <pre>
 *   requests/{id}.json     one accepted submission ({@link SimRequest})
 *   inputs/{id}/{i}        its downloaded input images
 *   outputs/{id}/{n}.{ext} its rendered outputs (a cache: re-rendered if missing)
 *   outputs/plain/{w}x{h}/{n}.{ext}  plain outputs, shared by every request of that geometry and format
 *   attempts/{sha256}      how many times a body was submitted, accepted or not
 * </pre>
 * Every file is written to a temp name, forced to disk and atomically renamed, so a {@code kill -9}
 * leaves either the old or the new content, never a torn file. Inputs are the exception: they are
 * complete before their request is recorded, so a torn one belongs to no request.
 */
public final class SimRequestStore {

    private final Path stateDir;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, SimRequest> requests = new ConcurrentHashMap<>();

    public SimRequestStore(Path stateDir) throws IOException {
        this.stateDir = stateDir;
        Files.createDirectories(stateDir.resolve("requests"));
        try (Stream<Path> files = Files.list(stateDir.resolve("requests"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                SimRequest request = json.readValue(Files.readAllBytes(file), SimRequest.class);
                requests.put(request.id(), request);
            }
        }
    }

    /** Persisted requests in the order they were accepted. */
    public List<SimRequest> inSubmissionOrder() {
        return requests.values().stream().sorted(Comparator.comparingLong(SimRequest::sequence)).toList();
    }

    /** fal's queue_position: accepted earlier by the same vendor and still waiting for a slot. */
    public int queuedAhead(SimRequest request, long now) {
        return (int) requests.values().stream()
                .filter(other -> other.vendor().equals(request.vendor()))
                .filter(other -> other.sequence() < request.sequence())
                .filter(other -> other.phaseAt(now) == SimRequest.Phase.IN_QUEUE)
                .count();
    }

    public Optional<SimRequest> find(String id) {
        return Optional.ofNullable(requests.get(id));
    }

    public void add(SimRequest request) throws IOException {
        writeAtomically(requestFile(request.id()), json.writeValueAsBytes(request));
        requests.put(request.id(), request);
    }

    /** The requests of one batch, in the order they were accepted. */
    public List<SimRequest> inGroup(String group) {
        return inSubmissionOrder().stream().filter(request -> group.equals(request.group())).toList();
    }

    /** What {@link #cancel} did: the request as it now stands, and whether this call cancelled it. */
    public record Cancellation(SimRequest request, boolean cancelled) {
    }

    /**
     * Cancels and persists the request unless it has finished or was cancelled already (then it stays
     * as it is), atomically with respect to other cancels of it; empty when there is no such request.
     */
    public Optional<Cancellation> cancel(String id, long now) {
        AtomicBoolean cancelled = new AtomicBoolean();
        return Optional.ofNullable(requests.computeIfPresent(id, (key, request) -> {
            SimRequest.Phase phase = request.phaseAt(now);
            if (phase == SimRequest.Phase.COMPLETED || phase == SimRequest.Phase.CANCELLED) return request;
            SimRequest changed = request.cancelled(now);
            try {
                writeAtomically(requestFile(id), json.writeValueAsBytes(changed));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cancelled.set(true);
            return changed;
        })).map(request -> new Cancellation(request, cancelled.get()));
    }

    /** Counts one more submission of this body and returns its 0-based attempt number. */
    public synchronized int nextAttempt(String bodySha256) throws IOException {
        Path file = stateDir.resolve("attempts").resolve(bodySha256);
        int attempt = Files.exists(file) ? Integer.parseInt(Files.readString(file).strip()) : 0;
        writeAtomically(file, Integer.toString(attempt + 1).getBytes(StandardCharsets.US_ASCII));
        return attempt;
    }

    public Path inputFile(String id, int index) {
        return stateDir.resolve("inputs").resolve(id).resolve(Integer.toString(index));
    }

    public Path outputFile(String id, int index, String extension) {
        return stateDir.resolve("outputs").resolve(id).resolve(index + "." + extension);
    }

    /** A plain output ({@link OutputRenderer}), shared by every request of its geometry and format. */
    public Path plainOutputFile(int width, int height, int index, String extension) {
        return stateDir.resolve("outputs").resolve("plain").resolve(width + "x" + height)
                .resolve(index + "." + extension);
    }

    private Path requestFile(String id) {
        return stateDir.resolve("requests").resolve(id + ".json");
    }

    /** Creates the parent dirs, then writes and forces a temp file and renames it over {@code target}. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
