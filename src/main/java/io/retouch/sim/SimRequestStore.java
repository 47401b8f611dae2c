package io.retouch.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * All simulator state, on disk under the state dir and mirrored in memory:
 * <pre>
 *   journal                every request accepted or cancelled and every submission attempt ({@link StateJournal})
 *   inputs/{id}/{i}        a request's downloaded input images
 *   outputs/{id}/{n}.{ext} its rendered outputs (a cache: re-rendered if missing)
 *   outputs/plain/{w}x{h}/{n}.{ext}  plain outputs, shared by every request of that geometry and format
 * </pre>
 * A request is in the journal before it is answered; its inputs are complete before that, so an input
 * cut off by a {@code kill -9} belongs to no request. Outputs are written to a temp name, forced to disk
 * and atomically renamed, so a kill leaves either none or all of one. State dirs of earlier versions
 * kept a file per request ({@code requests/{id}.json}) and per body ({@code attempts/{sha256}}, the
 * count): they are read too, and the journal carries on from them.
 */
public final class SimRequestStore implements Closeable {

    private final Path stateDir;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, SimRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    /**
     * Per vendor, by sequence, the requests that may still wait for a slot: one that has started or was
     * cancelled never waits again, so it leaves once seen so, and queue positions take no longer than
     * the queue is long.
     */
    private final Map<String, ConcurrentSkipListMap<Long, SimRequest>> waiting = new ConcurrentHashMap<>();
    private final StateJournal journal;

    public SimRequestStore(Path stateDir) throws IOException {
        this.stateDir = stateDir;
        readEarlierLayout();
        journal = new StateJournal(stateDir.resolve("journal"), this::replay);
    }

    private void replay(String line) {
        if (line.startsWith(StateJournal.REQUEST))
            remember(json.readValue(line.substring(StateJournal.REQUEST.length()), SimRequest.class));
        else if (line.startsWith(StateJournal.ATTEMPT))
            attempts.merge(line.substring(StateJournal.ATTEMPT.length()), 1, Integer::sum);
    }

    private void readEarlierLayout() throws IOException {
        for (Path file : listed(stateDir.resolve("requests"), ".json"))
            remember(json.readValue(Files.readAllBytes(file), SimRequest.class));
        for (Path file : listed(stateDir.resolve("attempts"), ""))
            if (!file.getFileName().toString().contains(".")) // not a temp file a kill left behind
                attempts.put(file.getFileName().toString(), Integer.parseInt(Files.readString(file).strip()));
    }

    private static List<Path> listed(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(suffix)).toList();
        }
    }

    private void remember(SimRequest request) {
        requests.put(request.id(), request);
        ConcurrentSkipListMap<Long, SimRequest> queue = waiting.computeIfAbsent(request.vendor(),
                vendor -> new ConcurrentSkipListMap<>());
        if (request.cancelledAt() == null) queue.put(request.sequence(), request);
        else queue.remove(request.sequence());
    }

    /** Persisted requests in the order they were accepted. */
    public List<SimRequest> inSubmissionOrder() {
        return requests.values().stream().sorted(Comparator.comparingLong(SimRequest::sequence)).toList();
    }

    /** fal's queue_position: accepted earlier by the same vendor and still waiting for a slot. */
    public int queuedAhead(SimRequest request, long now) {
        ConcurrentSkipListMap<Long, SimRequest> queue = waiting.get(request.vendor());
        int ahead = 0;
        for (SimRequest other : queue == null ? List.<SimRequest>of() : queue.headMap(request.sequence()).values()) {
            if (other.phaseAt(now) == SimRequest.Phase.IN_QUEUE) ahead++;
            else queue.remove(other.sequence(), other);
        }
        return ahead;
    }

    public Optional<SimRequest> find(String id) {
        return Optional.ofNullable(requests.get(id));
    }

    public void add(SimRequest request) throws IOException {
        journal.append(StateJournal.REQUEST + json.writeValueAsString(request));
        remember(request);
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
        Optional<SimRequest> current = Optional.ofNullable(requests.computeIfPresent(id, (key, request) -> {
            SimRequest.Phase phase = request.phaseAt(now);
            if (phase == SimRequest.Phase.COMPLETED || phase == SimRequest.Phase.CANCELLED) return request;
            SimRequest changed = request.cancelled(now);
            try {
                journal.append(StateJournal.REQUEST + json.writeValueAsString(changed));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cancelled.set(true);
            return changed;
        }));
        current.filter(request -> cancelled.get()).ifPresent(request -> waiting.get(request.vendor())
                .remove(request.sequence()));
        return current.map(request -> new Cancellation(request, cancelled.get()));
    }

    /** Counts one more submission of this body and returns its 0-based attempt number. */
    public synchronized int nextAttempt(String bodySha256) throws IOException {
        journal.append(StateJournal.ATTEMPT + bodySha256);
        return attempts.merge(bodySha256, 1, Integer::sum) - 1;
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

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
