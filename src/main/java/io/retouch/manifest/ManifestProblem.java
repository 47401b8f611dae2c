package io.retouch.manifest;

/** A manifest that cannot be read, in a message that names what and where: refuses the run, never a row. */
final class ManifestProblem extends RuntimeException {

    ManifestProblem(String message) {
        super(message);
    }
}
