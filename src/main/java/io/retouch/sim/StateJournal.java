package io.retouch.sim;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The simulator's state changes as one append-only text file, a line each: {@code request {json}} when
 * a request is accepted or cancelled (a later line of the same id replaces the earlier one) and
 * {@code attempt <sha256>} for every submission of a body, accepted or not. A line is written with one
 * call before the submission is answered, so a {@code kill -9} of the process loses nothing that was
 * answered; the kernel holds the line even when the process is gone (a crash of the host may lose the
 * last lines: the simulator does not force them to disk). A line cut off by a kill while being written
 * belongs to a submission that was never answered: opening the journal drops it.
 */
final class StateJournal implements Closeable {

    static final String REQUEST = "request ";
    static final String ATTEMPT = "attempt ";

    private final FileOutputStream out;

    /** Opens the journal at {@code file}, first handing {@code replay} its lines, oldest first. */
    StateJournal(Path file, Consumer<String> replay) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        int complete = bytes.length;
        while (complete > 0 && bytes[complete - 1] != '\n') complete--;
        new String(bytes, 0, complete, StandardCharsets.UTF_8).lines().forEach(replay);
        // the cut-off tail goes, so that the next line starts on a line of its own
        if (complete < bytes.length) {
            try (FileChannel torn = FileChannel.open(file, StandardOpenOption.WRITE)) {
                torn.truncate(complete);
            }
        }
        // a stream, not a channel: an interrupted writer must not close it for every other one
        out = new FileOutputStream(file.toFile(), true);
    }

    /** Appends one line ({@code line} without its line break). */
    synchronized void append(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
