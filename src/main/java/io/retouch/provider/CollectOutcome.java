package io.retouch.provider;

import java.util.List;

/** What fetching a finished task's result came to. */
public sealed interface CollectOutcome {

    VendorCall call();

    record Outputs(List<OutputRef> outputs, VendorCall call) implements CollectOutcome {
        public Outputs {
            outputs = List.copyOf(outputs);
        }
    }

    record Failed(VendorError error, VendorCall call) implements CollectOutcome {}

    record Unavailable(VendorError error, VendorCall call) implements CollectOutcome {}
}
