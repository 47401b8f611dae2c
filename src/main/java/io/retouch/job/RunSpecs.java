package io.retouch.job;

import io.retouch.spec.JobSpec;

import io.retouch.run.Run;
import io.retouch.run.RunStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The spec a run was started with, as stored in its row: a restart uses it, not today's file. */
@Component
public class RunSpecs {

    private final RunStore runs;
    private final JsonMapper json;

    public RunSpecs(RunStore runs, JsonMapper json) {
        this.runs = runs;
        this.json = json;
    }

    public String toJson(JobSpec spec) {
        return json.writeValueAsString(spec);
    }

    /** The operator's decision on tasks in doubt, applied to the run's stored spec. */
    public void setInDoubtPolicy(long runId, JobSpec.InDoubtPolicy policy) {
        runs.updateSpec(runId, toJson(of(runId).withInDoubt(policy)));
    }

    /** The operator's new budget for the run (restart --budget), applied to its stored spec. */
    public void setBudget(long runId, java.math.BigDecimal usd) {
        runs.updateSpec(runId, toJson(of(runId).withBudget(usd)));
    }

    public JobSpec of(long runId) {
        Run run = runs.get(runId);
        return json.readValue(run.specJson(), JobSpec.class);
    }
}
