package io.retouch.sim;

import java.awt.Dimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Renders a completed request's outputs the first time anyone needs them and keeps them in the
 * state dir, so a result fetched twice, or after a restart, returns the same bytes.
 */
public final class OutputRenderer {

    /** One rendered output as listed in the fal result. */
    public record OutputFile(Path path, String contentType, int width, int height, long size) {
    }

    /** A 4K RGB canvas is 64 MB; rendering at most one per core keeps the heap modest. */
    private final Semaphore renderPermits = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    /** Striped so two fetches of the same request never render it twice, without a lock per request. */
    private final ReentrantLock[] requestLocks = Stream.generate(ReentrantLock::new).limit(64)
            .toArray(ReentrantLock[]::new);
    private final SimRequestStore store;

    public OutputRenderer(SimRequestStore store) {
        this.store = store;
    }

    public List<OutputFile> outputs(SimRequest request) throws IOException, InterruptedException {
        EditParams params = request.params();
        List<Path> inputs = IntStream.range(0, request.inputCount()).mapToObj(i -> store.inputFile(request.id(), i))
                .toList();
        Dimension size = ImageEditor.geometry(params, inputs.getFirst());
        List<OutputFile> outputs = new ArrayList<>();
        ReentrantLock lock = requestLocks[Math.floorMod(request.id().hashCode(), requestLocks.length)];
        lock.lockInterruptibly();
        try {
            for (int n = 0; n < params.numImages(); n++) {
                Path file = store.outputFile(request.id(), n, params.outputFormat());
                if (!Files.exists(file)) {
                    renderPermits.acquire();
                    try {
                        ImageEditor.render(params, inputs, n, size, file);
                    } finally {
                        renderPermits.release();
                    }
                }
                outputs.add(new OutputFile(file, params.contentType(), size.width, size.height, Files.size(file)));
            }
        } finally {
            lock.unlock();
        }
        return outputs;
    }
}
