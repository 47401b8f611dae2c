package io.retouch.provider.mulerun;

import java.util.Locale;

/**
 * MuleRun's task states. Its pages disagree on the words (vendors.md §2.3, §9): the endpoint page
 * says {@code pending/processing/completed/failed}, the platform pages
 * {@code queued/running/succeeded/failed}. Both are read; anything else is unknown.
 */
enum MuleRunStatus {
    QUEUED, RUNNING, DONE, FAILED, UNKNOWN;

    static MuleRunStatus of(String word) {
        if (word == null) return UNKNOWN;
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "pending", "queued" -> QUEUED;
            case "processing", "running" -> RUNNING;
            case "completed", "succeeded" -> DONE;
            case "failed" -> FAILED;
            default -> UNKNOWN;
        };
    }
}
