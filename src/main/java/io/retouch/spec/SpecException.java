package io.retouch.spec;

import java.util.List;

/** A job spec that cannot run, with every problem found, each naming its field. */
public class SpecException extends RuntimeException {

    private final List<String> problems;

    public SpecException(String source, List<String> problems) {
        super("invalid job spec " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
