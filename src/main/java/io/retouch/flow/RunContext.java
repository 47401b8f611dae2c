package io.retouch.flow;

import io.retouch.spec.JobSpec;
import io.retouch.task.Slice;
import io.retouch.task.Task;
import java.util.Collection;
import java.util.Map;

/**
 * What the pipeline needs to know about the run it works for: the spec, one lane per vendor, and
 * which of the run's tasks this dispatch works (all, or a fleet worker's partition).
 */
public record RunContext(Slice slice, JobSpec spec, Map<String, VendorLane> lanes, StopSignal stop) {

    public RunContext {
        lanes = Map.copyOf(lanes);
    }

    public long runId() {
        return slice.runId();
    }

    public VendorLane lane(Task task) {
        VendorLane lane = lanes.get(task.vendor());
        if (lane == null)
            throw new IllegalStateException("task " + task.id() + " is routed to vendor '" + task.vendor()
                    + "', which the run's spec does not list");
        return lane;
    }

    public Collection<VendorLane> allLanes() {
        return lanes.values();
    }
}
