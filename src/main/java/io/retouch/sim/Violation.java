package io.retouch.sim;

import java.util.List;

/** One entry of a FastAPI-style 422 {@code {"detail":[…]}} body, e.g. loc {@code ["body","prompt"]}. */
record Violation(List<Object> loc, String msg, String type) {

    static Violation ofField(String field, String msg, String type) {
        return new Violation(List.of("body", field), msg, type);
    }
}
