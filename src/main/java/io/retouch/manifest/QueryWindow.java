package io.retouch.manifest;

import java.time.Instant;

/**
 * The values Retouch binds to {@code :since} and {@code :now}: fixed when the run is recorded and
 * stored with it ({@code run.manifest_since}, {@code run.created_at}), so a restart reads the same rows.
 * {@code since} is the creation time of the job's last completed run that was not a rerun (or the epoch).
 */
record QueryWindow(Instant since, Instant now) {}
