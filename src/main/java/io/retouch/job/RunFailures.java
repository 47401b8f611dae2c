package io.retouch.job;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Why a run's step failed in this process, in one line for the console (see {@link #describe}), e.g.
 * {@code SdkClientException: Unable to execute HTTP request: Connection refused}. The log keeps the whole
 * trace; Spring Batch's stored exit message is cut at 2,500 characters, before the root cause of a deep
 * trace, so it is taken here from the live exception.
 */
@Component
public class RunFailures implements StepExecutionListener {

    private static final int MOST = 300;
    /** A URL's query string: a presigned URL's signature must not reach the console. */
    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s?\"']*)\\?[^\\s\"']*");

    private final Map<Long, String> firstByRun = new ConcurrentHashMap<>();

    @Override
    public ExitStatus afterStep(StepExecution step) {
        Long runId = step.getJobParameters().getLong(RetouchJobConfiguration.RUN_ID);
        if (runId != null && !step.getFailureExceptions().isEmpty())
            firstByRun.putIfAbsent(runId, describe(step.getFailureExceptions().getFirst()));
        return null;
    }

    /** The first failure recorded for the run since the last call, and forgets it. */
    public Optional<String> take(long runId) {
        return Optional.ofNullable(firstByRun.remove(runId));
    }

    /**
     * The outermost exception that is not Spring's wrapping (Batch's "Unable to process chunk" says nothing), by its
     * simple class name and message, then the root cause in brackets unless its message is already said; query
     * strings of URLs left out; at most 300 characters.
     */
    static String describe(Throwable failure) {
        Throwable said = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (said == null && !t.getClass().getName().startsWith("org.springframework.")) said = t;
            root = t;
        }
        if (said == null) said = root;
        String text = line(said);
        if (root != said && (root.getMessage() == null || !text.contains(oneLine(root.getMessage()))))
            text += " (" + line(root) + ")";
        text = QUERY.matcher(text).replaceAll("$1?…");
        return text.length() > MOST ? text.substring(0, MOST - 1) + "…" : text;
    }

    private static String line(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + oneLine(t.getMessage()));
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s+", " ");
    }
}
