package io.retouch.run;

import java.util.Map;

/** Where a run stands, for a progress line: its status, its tasks by vendor and state, its rejected rows. */
public record RunProgress(String status, Map<String, Map<String, Long>> byVendor, long rejectedCount) {

    public RunProgress {
        byVendor = Map.copyOf(byVendor);
    }

    public long count(String vendor, String state) {
        return byVendor.getOrDefault(vendor, Map.of()).getOrDefault(state, 0L);
    }

    public long count(String state) {
        return byVendor.values().stream().mapToLong(states -> states.getOrDefault(state, 0L)).sum();
    }

    public long total() {
        return byVendor.values().stream().flatMap(states -> states.values().stream()).mapToLong(Long::longValue).sum();
    }
}
