package io.retouch.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop ends every wait of the pipeline at once, without interrupting the thread (which would break its database connection). */
class StopSignalTests {

    @Test
    void aStopEndsASleepAtOnceAndKeepsTheFirstReason() throws Exception {
        StopSignal stop = new StopSignal();
        CompletableFuture<Throwable> sleeper = CompletableFuture.supplyAsync(() -> {
            try {
                stop.sleep(Duration.ofMinutes(5));
                return null;
            } catch (InterruptedException e) {
                return e;
            }
        });
        Thread.sleep(100);
        long asked = System.nanoTime();
        stop.request("SIGTERM", false);
        stop.request("`retouch stop --cancel`", true);
        Throwable ended = sleeper.get(5, TimeUnit.SECONDS);
        assertThat(ended).isInstanceOf(InterruptedException.class).hasMessage("stopped: SIGTERM");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));
        assertThat(stop.reason()).isEqualTo("SIGTERM");
        assertThat(stop.cancel()).as("a later --cancel still counts").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void withoutAStopASleepIsASleep() throws Exception {
        StopSignal stop = new StopSignal();
        long start = System.nanoTime();
        stop.sleep(Duration.ofMillis(150));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(stop.requested()).isFalse();
        stop.request("x", false);
        assertThatThrownBy(() -> stop.sleep(Duration.ZERO)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aStopEndsAnExchangeHeldOpenByCancellingIt() throws Exception {
        StopSignal stop = new StopSignal();
        CompletableFuture<String> stream = new CompletableFuture<>();
        CompletableFuture<Throwable> follower = CompletableFuture.supplyAsync(() -> {
            try {
                stop.await(stream);
                return null;
            } catch (InterruptedException e) {
                return e;
            }
        });
        Thread.sleep(100);
        stop.request("SIGTERM", false);
        assertThat(follower.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class).hasMessage("stopped: SIGTERM");
        assertThat(stream).as("the exchange is closed, not left open").isCancelled();
    }

    @Test
    void anExchangeThatEndsIsAnsweredAndAStoppedSignalRefusesToWait() throws Exception {
        StopSignal stop = new StopSignal();
        assertThat(stop.await(CompletableFuture.completedFuture("COMPLETED"))).isEqualTo("COMPLETED");
        stop.request("SIGTERM", false);
        CompletableFuture<String> late = new CompletableFuture<>();
        assertThatThrownBy(() -> stop.await(late)).isInstanceOf(InterruptedException.class);
        assertThat(late).isCancelled();
    }
}
