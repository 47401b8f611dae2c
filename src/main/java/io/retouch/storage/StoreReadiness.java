package io.retouch.storage;

/**
 * Waits until the S3 store answers. The embedded store starts in the background while the rest of
 * the command starts; an external store is there already (no bean of this type).
 */
@FunctionalInterface
public interface StoreReadiness {

    /** A store that is there already (an external one). */
    StoreReadiness READY = () -> { };

    /** Returns once the store answers; throws when it never will. */
    void await();
}
