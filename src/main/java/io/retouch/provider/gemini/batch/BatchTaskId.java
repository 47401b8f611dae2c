package io.retouch.provider.gemini.batch;

import java.util.regex.Pattern;

/**
 * One row of a Gemini batch as a task id: {@code batches/<id>#<attemptId>} — the batch Google named
 * and our attempt id, which is the row's {@code metadata.key}.
 */
record BatchTaskId(String batch, String key) {

    private static final Pattern BATCH = Pattern.compile("batches/[A-Za-z0-9_.-]+");

    static BatchTaskId parse(String id) {
        int hash = id == null ? -1 : id.lastIndexOf('#');
        if (hash < 0) throw new IllegalArgumentException("not a Gemini batch row id (batches/<id>#<key>): " + id);
        String batch = id.substring(0, hash);
        String key = id.substring(hash + 1);
        if (!BATCH.matcher(batch).matches() || key.isBlank())
            throw new IllegalArgumentException("not a Gemini batch row id (batches/<id>#<key>): " + id);
        return new BatchTaskId(batch, key);
    }

    static boolean isBatchName(String name) {
        return name != null && BATCH.matcher(name).matches();
    }

    @Override
    public String toString() {
        return batch + "#" + key;
    }
}
