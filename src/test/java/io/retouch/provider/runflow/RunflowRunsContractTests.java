package io.retouch.provider.runflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.provider.Lookup;
import io.retouch.provider.SubmitOutcome;
import io.retouch.provider.VendorContractTests;
import io.retouch.provider.VendorDefinition;
import org.junit.jupiter.api.Test;

/** Runflow's runs API ({@code runflow-runs}) against the simulator's Runflow runs protocol, plus the client_ref lookup. */
class RunflowRunsContractTests extends VendorContractTests {

    @Override
    protected VendorDefinition definition() {
        return RunflowRunsAdapter.SPEC;
    }

    @Override
    protected String unknownId() {
        return "01900000-0000-7000-8000-00000000dead"; // Runflow's ids are UUIDv7
    }

    @Test
    void anInDoubtSubmitIsFoundByItsClientRef() {
        faults("submit-malformed=1");
        String attempt = attempt();
        SubmitOutcome outcome = adapter.submit(request(fixtures.inputUrl(), "in doubt, then found"), attempt);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Unknown.class);
        faults("none");
        Lookup lookup = adapter.findByReference(attempt);
        assertThat(lookup).isInstanceOf(Lookup.Found.class);
        String runId = ((Lookup.Found) lookup).vendorRequestId();
        awaitFinished(runId);
        assertThat(adapter.collect(runId)).isInstanceOf(io.retouch.provider.CollectOutcome.Outputs.class);
    }

    @Test
    void aSubmitThatNeverArrivedIsAbsent() {
        faults("submit-5xx=1");
        String attempt = attempt();
        assertThat(adapter.submit(request(fixtures.inputUrl(), "refused"), attempt)).isInstanceOf(SubmitOutcome.Refused.class);
        faults("none");
        assertThat(adapter.findByReference(attempt)).isInstanceOf(Lookup.Absent.class);
    }

    @Test
    void aLookupThatFailsLeavesTheDoubt() {
        faults("poll-5xx=1");
        assertThat(adapter.findByReference(attempt())).isInstanceOf(Lookup.Unknown.class);
        faults("poll-malformed=1");
        assertThat(adapter.findByReference(attempt())).isInstanceOf(Lookup.Unknown.class);
    }

    @Test
    void aCanceledRunIsAVerdict() {
        String id = accepted(submit("cancel then poll"));
        adapter.cancel(id);
        assertThat(adapter.poll(id)).isInstanceOf(io.retouch.provider.PollOutcome.Failed.class);
    }
}
