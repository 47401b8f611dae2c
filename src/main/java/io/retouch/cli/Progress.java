package io.retouch.cli;

import io.retouch.run.RunProgress;
import io.retouch.run.RunReports;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** Prints a line of progress every few seconds while a run works, from the task table. */
final class Progress implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(2);

    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress start(RunReports reports, long runId, PrintWriter out) {
        Instant started = Instant.now();
        Thread t = Thread.ofVirtual().start(() -> {
            String last = "";
            try {
                while (true) {
                    Thread.sleep(EVERY);
                    String line = line(reports.progress(runId));
                    if (!line.equals(last)) {
                        out.printf("[%4ds] %s%n", Duration.between(started, Instant.now()).toSeconds(), line);
                        out.flush();
                        last = line;
                    }
                }
            } catch (InterruptedException e) {
                // run finished
            } catch (RuntimeException e) {
                // progress is best effort; the run goes on
            }
        });
        return new Progress(t);
    }

    static String line(RunProgress r) {
        long inFlight = r.count("SUBMITTING") + r.count("SUBMITTED") + r.count("RUNNING");
        String line = String.format("%s: %d/%d succeeded, %d in flight, %d collecting, %d waiting, %d failed, %d rejected rows",
                r.status().toLowerCase(), r.count("SUCCEEDED"), r.total(), inFlight, r.count("COLLECTING"),
                r.count("PENDING") + r.count("RETRY_WAIT"), r.count("FAILED"), r.rejectedCount());
        if (r.byVendor().size() < 2) return line;
        StringBuilder vendors = new StringBuilder(line);
        r.byVendor().forEach((vendor, counts) -> {
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            long atVendor = r.count(vendor, "SUBMITTING") + r.count(vendor, "SUBMITTED") + r.count(vendor, "RUNNING");
            vendors.append(String.format("%n         %-13s %d/%d succeeded, %d in flight, %d failed", vendor,
                    r.count(vendor, "SUCCEEDED"), total, atVendor, r.count(vendor, "FAILED")));
        });
        return vendors.toString();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
