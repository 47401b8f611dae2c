package io.retouch.sim;

/**
 * The queue URLs fal hands back for a request. They drop the {@code /edit} sub-path
 * (vendors.md §0.1), so an adapter that keeps it gets a 404 here just as it would from fal.
 */
record FalUrls(String falBaseUrl) {

    static final String MODEL_PATH = "/fal-ai/nano-banana-pro";

    String responseUrl(String id) {
        return falBaseUrl + MODEL_PATH + "/requests/" + id;
    }

    String statusUrl(String id) {
        return responseUrl(id) + "/status";
    }

    String cancelUrl(String id) {
        return responseUrl(id) + "/cancel";
    }
}
