package io.retouch.money;

import java.time.LocalDate;

/** What came of reserving a charge: reserved on the account's {@code day} (UTC), or held by a limit. */
public sealed interface Reservation {

    record Reserved(String account, LocalDate day) implements Reservation {}

    /**
     * Not sent: it would pass a limit. {@code cause} is the task's error class (BUDGET for the run's
     * budget, DAILY_LIMIT for the account's daily budget or cap); {@code reason} says which, the
     * numbers, and the way on.
     */
    record Held(String cause, String reason) implements Reservation {}
}
