package io.retouch.fleet;

import io.retouch.task.Slice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a run's dispatch into {@code gridSize} partitions, each a fixed slice of its task table
 * (by task id), named in each partition's execution context so any worker can take it up.
 */
public final class Partitions implements Partitioner {

    private static final String INDEX = "retouch.partition";
    private static final String COUNT = "retouch.partitions";

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < gridSize; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(INDEX, i);
            context.putInt(COUNT, gridSize);
            partitions.put("partition" + i, context);
        }
        return partitions;
    }

    /** The slice a partition's context names; a step run outside a partition works the whole run. */
    public static Slice slice(long runId, ExecutionContext context) {
        if (!context.containsKey(COUNT)) return Slice.whole(runId);
        return new Slice(runId, context.getInt(INDEX), context.getInt(COUNT));
    }
}
