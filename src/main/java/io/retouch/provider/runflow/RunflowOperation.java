package io.retouch.provider.runflow;

/** The exchanges Retouch has with Runflow's runs API, named as they appear in the audit trail. */
enum RunflowOperation {
    SUBMIT("submit", "POST"),
    STATUS("status", "GET"),
    RESULT("result", "GET"),
    CANCEL("cancel", "POST"),
    LOOKUP("lookup", "GET");

    final String label;
    final String method;

    RunflowOperation(String label, String method) {
        this.label = label;
        this.method = method;
    }
}
