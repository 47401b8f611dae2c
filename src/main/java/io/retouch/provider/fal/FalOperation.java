package io.retouch.provider.fal;

/** The four exchanges fal's queue API offers, named as they appear in the audit trail. */
enum FalOperation {
    SUBMIT("submit", "POST"),
    STATUS("status", "GET"),
    RESULT("result", "GET"),
    CANCEL("cancel", "PUT");

    final String label;
    final String method;

    FalOperation(String label, String method) {
        this.label = label;
        this.method = method;
    }
}
