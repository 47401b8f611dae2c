package io.retouch.task;

import java.util.Set;

/**
 * Which tasks a dispatcher may take up: those of {@code vendor} (null: every vendor's) in
 * {@code states}; an in-doubt one only while it has been submitted fewer than {@code inDoubtCap}
 * times, so a vendor whose answers keep getting lost is not paid again and again.
 */
public record Claim(String vendor, Set<TaskState> states, int inDoubtCap) {

    public Claim {
        states = Set.copyOf(states);
    }
}
