package io.retouch.manifest;

import io.retouch.task.NewTask;

/** What one manifest row became: a task to run, or a rejection with its reason. */
public sealed interface IngestItem {

    record Accepted(NewTask task) implements IngestItem {}

    record Rejected(long runId, long lineNo, String itemKey, String reason) implements IngestItem {}
}
