package io.retouch.limits;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls of one account from this process, kept a rate period apart as they actually start.
 * The shared bucket grants turns a period apart, but a turn is used a little after it is granted (a
 * waiting thread wakes late on a busy host; a submit records its intent first): a late call and the
 * next one on time would reach the vendor closer together than the rate allows. Measured at the
 * moment each call goes out, the gap cannot shrink within one process. It only ever delays a call,
 * by at most one period.
 */
final class CallSpacing {

    private final ReentrantLock lock = new ReentrantLock();
    private long lastStartNanos = System.nanoTime() - Long.MAX_VALUE / 4;

    /** Waits, if needed, until {@code periodNanos} have passed since this process's last call on the account started. */
    void awaitGap(long periodNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            for (long left = lastStartNanos + periodNanos - System.nanoTime(); left > 0;
                 left = lastStartNanos + periodNanos - System.nanoTime())
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            lastStartNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }
}
