package io.retouch.provider.http;

import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * Reads a {@code text/event-stream} body line by line as the WHATWG "server-sent events" rules say, the
 * way fal's own client does (fal-js {@code libs/client/src/streaming.ts} @ 381105e1 feeds the body to
 * {@code eventsource-parser}): {@code data:} lines are joined with newlines, an empty line dispatches
 * the event, {@code :} lines are comments (keep-alives), {@code event:}, {@code id:} and {@code retry:}
 * are read past, since fal-js hands every event's data to its listeners whatever its name. An event
 * the stream ends in the middle of is dropped, as the rules and that parser do.
 */
final class ServerSentEvents implements Flow.Subscriber<String> {

    static final String MEDIA_TYPE = "text/event-stream";

    private final Predicate<String> onEvent;
    private final Runnable onStop;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private volatile boolean cancelled;
    private volatile Flow.Subscription subscription;

    /** {@code onEvent} gets each event's data and answers whether to read on; when it says no, {@code onStop} runs. */
    ServerSentEvents(Predicate<String> onEvent, Runnable onStop) {
        this.onEvent = onEvent;
        this.onStop = onStop;
    }

    /** Whether the answer's {@code Content-Type} is an event stream (fal-js checks the same prefix). */
    static boolean isEventStream(HttpHeaders headers) {
        return headers.firstValue("Content-Type").map(type -> type.strip().toLowerCase(Locale.ROOT))
                .filter(type -> type.startsWith(MEDIA_TYPE)).isPresent();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) subscription.cancel();
        else subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (cancelled) return;
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) return;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (!field.equals("data")) return;
        if (hasData) data.append('\n');
        data.append(value.startsWith(" ") ? value.substring(1) : value);
        hasData = true;
    }

    private void dispatch() {
        if (!hasData) return;
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        if (!onEvent.test(event)) {
            cancel();
            onStop.run();
        }
    }

    /** Stops reading; the exchange's owner closes the connection. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) current.cancel();
    }

    @Override
    public void onError(Throwable failure) {
        // The exchange's future reports it.
    }

    @Override
    public void onComplete() {
        // The exchange's future reports it.
    }
}
