package io.retouch.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * Every accepted — that is, paid — submission, counted by body hash, by prompt and by vendor. A
 * batch counts each of its rows. Rejected submits (401, 422, 429, 5xx) never reach it. Rebuilt from
 * the persisted requests when a simulator restarts, which is what lets a test prove that a crash
 * did not pay twice.
 */
public final class SubmissionLedger {

    private final Map<String, Integer> byBodySha256 = new HashMap<>();
    private final Map<String, Integer> byPrompt = new HashMap<>();
    private final Map<String, Integer> byVendor = new HashMap<>();
    private int total;

    public synchronized void record(String vendor, String bodySha256, String prompt) {
        byBodySha256.merge(bodySha256, 1, Integer::sum);
        byPrompt.merge(prompt, 1, Integer::sum);
        byVendor.merge(vendor, 1, Integer::sum);
        total++;
    }

    public synchronized Map<String, Integer> countsByBodySha256() {
        return Map.copyOf(byBodySha256);
    }

    public synchronized Map<String, Integer> countsByPrompt() {
        return Map.copyOf(byPrompt);
    }

    public synchronized Map<String, Integer> countsByVendor() {
        return Map.copyOf(byVendor);
    }

    public synchronized int total() {
        return total;
    }
}
