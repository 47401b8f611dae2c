package io.retouch.job;

import io.retouch.infra.AdvisoryLock;
import io.retouch.spec.JobSpec;
import io.retouch.spec.SpecException;
import io.retouch.flow.Vendors;
import io.retouch.inputs.InputCheck;
import io.retouch.inputs.StoreReachability;
import io.retouch.manifest.ManifestSources;
import io.retouch.run.Run;
import io.retouch.run.RunStatus;
import io.retouch.run.RunStore;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/** Starts and restarts runs. Everything that can fail without spending money is checked first. */
@Component
public class RunLauncher {

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job job;
    private final Job resumeJob;
    private final RunStore runs;
    private final RunSpecs specs;
    private final Vendors vendors;
    private final DataSource dataSource;
    private final StoreReachability store;
    private final ManifestSources manifests;
    private final StoreCheck storeCheck;

    public RunLauncher(JobOperator operator, JobRepository repository, @Qualifier("retouchJob") Job retouchJob,
                       @Qualifier("retouchResumeJob") Job retouchResumeJob, RunStore runs, RunSpecs specs,
                       Vendors vendors, DataSource dataSource, StoreReachability store,
                       ManifestSources manifests, StoreCheck storeCheck) {
        this.operator = operator;
        this.repository = repository;
        this.job = retouchJob;
        this.resumeJob = retouchResumeJob;
        this.runs = runs;
        this.specs = specs;
        this.vendors = vendors;
        this.dataSource = dataSource;
        this.store = store;
        this.manifests = manifests;
        this.storeCheck = storeCheck;
    }

    /**
     * Checks the manifest header, the vendor credentials, that an external store answers for the output
     * bucket and that each vendor can be given the manifest's local and s3:// inputs, then records a new run.
     */
    public long create(JobSpec spec) {
        List<String> problems = new java.util.ArrayList<>(manifests.check(spec));
        problems.addAll(storeCheck.problems(spec));
        // the manifest is only searched for local inputs once its header is known to be right
        if (problems.isEmpty()) problems.addAll(InputCheck.problems(spec, store, () -> manifests.openBefore(spec)));
        vendors.credentialProblems(spec).forEach(p -> problems.add("vendors." + p));
        if (!problems.isEmpty()) throw new SpecException(spec.specFile().toString(), problems);
        return runs.create(spec.name(), spec.specFile().toString(), specs.toJson(spec));
    }

    /** Runs the job to its end in this thread. */
    public BatchStatus start(long runId) throws Exception {
        try (AdvisoryLock lock = lock(runId)) {
            return operator.start(job, parameters(runId)).getStatus();
        }
    }

    /** Works a rerun to its end in this thread: its tasks are recorded already, so there is nothing to ingest. */
    public BatchStatus startRerun(long runId) throws Exception {
        try (AdvisoryLock lock = lock(runId)) {
            return dispatchAndReport(runId);
        }
    }

    private BatchStatus dispatchAndReport(long runId) throws Exception {
        return operator.start(resumeJob, new JobParametersBuilder(parameters(runId))
                .addLong("resume", System.currentTimeMillis()).toJobParameters()).getStatus();
    }

    /**
     * Continues a stopped or crashed run: finished steps are skipped, ingest resumes where it
     * committed, and dispatch follows every recorded submission instead of submitting again.
     */
    public BatchStatus restart(long runId, JobSpec.InDoubtPolicy inDoubt) throws Exception {
        return restart(runId, inDoubt, null);
    }

    /** {@code budget}: the run's new budget in USD (null: as it was), for tasks the old one held unsent. */
    public BatchStatus restart(long runId, JobSpec.InDoubtPolicy inDoubt, java.math.BigDecimal budget) throws Exception {
        runs.get(runId); // "no run N" before anything else
        // the store may have changed since the run began: refuse before a task is failed for it
        JobSpec stored = specs.of(runId);
        List<String> problems = new java.util.ArrayList<>(storeCheck.problems(stored));
        if (problems.isEmpty()) problems.addAll(InputCheck.problems(stored, store, () -> manifests.open(stored, runId)));
        if (!problems.isEmpty()) throw new SpecException(stored.specFile().toString(), problems);
        try (AdvisoryLock lock = lock(runId)) {
            // read under the lock: the process that held it may have completed the run since the caller looked
            Run run = runs.get(runId);
            if (run.status() == RunStatus.COMPLETED) throw new RunCompleteException(runId);
            if (inDoubt != null) specs.setInDoubtPolicy(runId, inDoubt);
            if (budget != null) specs.setBudget(runId, budget);
            // a rerun was recorded with its tasks: it has no manifest to read, whatever happened to it
            if (run.parentRunId() != null) return dispatchAndReport(runId);
            JobExecution last = repository.getLastJobExecution(RetouchJobConfiguration.JOB_NAME, parameters(runId));
            if (last == null || !ingested(last)) refuseUnreadableManifest(stored, runId);
            if (last == null) return operator.start(job, parameters(runId)).getStatus();
            if (last.getStatus().isRunning()) {
                // we hold the run's lock, so whoever was running it is dead: mark it failed so Batch can restart
                last = operator.recover(last);
            }
            if (last.getStatus() == BatchStatus.COMPLETED) {
                // the job ended but left work (tasks in doubt, vendor out of credit): dispatch and report again,
                // without reading the manifest again (every row is a task already)
                return dispatchAndReport(runId);
            }
            return operator.restart(last).getStatus();
        }
    }

    private static boolean ingested(JobExecution last) {
        return last.getStepExecutions().stream()
                .anyMatch(s -> s.getStepName().equals("ingest") && s.getStatus() == BatchStatus.COMPLETED);
    }

    /** The ingest will read the manifest again: an address gone or a variable unset is said now, not in the log. */
    private void refuseUnreadableManifest(JobSpec stored, long runId) {
        List<String> problems = manifests.check(stored, runId);
        if (!problems.isEmpty()) throw new SpecException(stored.specFile().toString(), problems);
    }

    private AdvisoryLock lock(long runId) throws SQLException {
        AdvisoryLock lock = RunLock.tryAcquire(dataSource, runId);
        if (lock == null) throw new RunBusyException(runId);
        runs.clearStopRequest(runId); // an earlier `retouch stop` was for the process that has gone
        return lock;
    }

    /** Whether a live process works the run now (holds its lock). */
    public boolean isWorked(long runId) throws SQLException {
        return RunLock.isHeld(dataSource, runId);
    }

    private static JobParameters parameters(long runId) {
        return new JobParametersBuilder().addLong(RetouchJobConfiguration.RUN_ID, runId).toJobParameters();
    }
}
