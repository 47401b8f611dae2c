package io.retouch.task;

/**
 * The tasks of a run one dispatcher works: all of them, or partition {@code index} of {@code count}
 * (the tasks whose id leaves that remainder), as a fleet's workers share a run. Slices by id are
 * fixed for the life of the run, so a partition taken up again finds exactly its own tasks.
 */
public record Slice(long runId, int index, int count) {

    public Slice {
        if (count < 1 || index < 0 || index >= count)
            throw new IllegalArgumentException("partition " + index + " of " + count + " does not exist");
    }

    public static Slice whole(long runId) {
        return new Slice(runId, 0, 1);
    }

    public boolean isWhole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return isWhole() ? "run " + runId : "partition " + (index + 1) + " of " + count + " of run " + runId;
    }
}
