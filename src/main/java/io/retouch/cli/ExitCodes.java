package io.retouch.cli;

/** Process exit codes, for scripts and schedulers. */
final class ExitCodes {
    static final int OK = 0;
    static final int TASKS_FAILED = 1;
    static final int USAGE = 2;
    static final int WORK_LEFT = 3;
    static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
