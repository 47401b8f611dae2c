package io.retouch.job;

import io.retouch.spec.JobSpec;

import io.retouch.catalog.VendorCatalog;
import io.retouch.fleet.Partitions;
import io.retouch.manifest.Fingerprinting;
import io.retouch.manifest.IngestItem;
import io.retouch.manifest.IngestWriter;
import io.retouch.manifest.InputStager;
import io.retouch.manifest.ManifestSources;
import io.retouch.manifest.ManifestRow;
import io.retouch.manifest.RowValidator;
import io.retouch.refresh.InputDigests;
import io.retouch.refresh.Reuser;
import io.retouch.storage.ObjectStore;
import io.retouch.task.TaskStore;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import java.util.List;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.batch.infrastructure.item.support.CompositeItemProcessor;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Spring Batch job behind every run: ingest (chunked) → dispatch (pipeline) → report; and the
 * resume job (dispatch → report) for a run whose job completed with work left for the operator.
 */
@Configuration(proxyBeanMethods = false)
public class RetouchJobConfiguration {

    public static final String JOB_NAME = "retouch";
    static final String RESUME_JOB_NAME = "retouch-resume";
    public static final String RUN_ID = "run.id";
    /**
     * Manifest rows per ingest chunk: one transaction, one statement for its tasks, one update of the step's
     * execution. A restart continues after the last committed chunk. Decision 36: 500 spent a fifth of a
     * large ingest in per-chunk work; 5,000 rows stay a few MB of heap.
     */
    public static final int INGEST_CHUNK = 5_000;

    @Bean
    Job retouchJob(JobRepository repository, Step ingestStep, Step dispatchStep, Step reportStep) {
        return new JobBuilder(JOB_NAME, repository).start(ingestStep).next(dispatchStep).next(reportStep).build();
    }

    /** Every row is already a task: resuming never reads the manifest again. */
    @Bean
    Job retouchResumeJob(JobRepository repository, Step dispatchStep, Step reportStep) {
        return new JobBuilder(RESUME_JOB_NAME, repository).start(dispatchStep).next(reportStep).build();
    }

    @Bean
    Step ingestStep(JobRepository repository, PlatformTransactionManager tx,
                    AbstractItemCountingItemStreamItemReader<ManifestRow> manifestReader, RowValidator rowValidator,
                    Fingerprinting fingerprinting, IngestWriter ingestWriter, StepCpuLog cpu,
                    RunFailures failures) {
        return new StepBuilder("ingest", repository).listener(cpu).listener(failures)
                .<ManifestRow, IngestItem>chunk(INGEST_CHUNK).transactionManager(tx)
                .reader(manifestReader).processor(new CompositeItemProcessor<>(List.of(rowValidator, fingerprinting)))
                .writer(ingestWriter).build();
    }

    /** Partitioned as the run's spec says: in this process, or over a fleet of workers ({@link DispatchPartitions}). */
    @Bean
    Step dispatchStep(JobRepository repository, DispatchPartitions dispatchPartitions, StepCpuLog cpu,
                      RunFailures failures) {
        // every partition again on a restart, completed ones too: a partition that completed because the run was
        // stopped (or its budget reached) still has tasks to send, and one with none left ends at once
        return new StepBuilder("dispatch", repository).listener(cpu).listener(failures)
                .partitioner(DispatchPartitions.WORKER_STEP, new Partitions())
                .partitionHandler(dispatchPartitions).allowStartIfComplete(true).build();
    }

    /** One partition's dispatch, outside a database transaction: the pipeline commits each task move on its own. */
    @Bean
    Step dispatchPartitionStep(JobRepository repository, DispatchTasklet dispatchTasklet, RunFailures failures) {
        return new StepBuilder(DispatchPartitions.WORKER_STEP, repository).listener(failures)
                .tasklet(dispatchTasklet, new ResourcelessTransactionManager()).build();
    }

    @Bean
    Step reportStep(JobRepository repository, ReportTasklet reportTasklet, StepCpuLog cpu, RunFailures failures) {
        return new StepBuilder("report", repository).listener(cpu).listener(failures)
                .tasklet(reportTasklet, new ResourcelessTransactionManager()).build();
    }

    @Bean
    @StepScope
    AbstractItemCountingItemStreamItemReader<ManifestRow> manifestReader(
            @Value("#{jobParameters['run.id']}") Long runId, RunSpecs specs, ManifestSources manifests) {
        return manifests.open(specs.of(runId), runId);
    }

    @Bean
    @StepScope
    RowValidator rowValidator(@Value("#{jobParameters['run.id']}") Long runId, RunSpecs specs, TaskStore tasks,
                              ObjectStore store) {
        JobSpec spec = specs.of(runId);
        return new RowValidator(runId, spec, name -> VendorCatalog.find(name).orElseThrow().capabilities(),
                tasks.rowsByVendor(runId), new InputStager(store), store);
    }

    @Bean
    @StepScope
    Fingerprinting fingerprinting(@Value("#{jobParameters['run.id']}") Long runId, RunSpecs specs, ObjectStore store) {
        JobSpec spec = specs.of(runId);
        return new Fingerprinting(spec.reuse() == null ? null : new InputDigests(store, spec.output().bucket()));
    }

    @Bean
    @StepScope
    IngestWriter ingestWriter(@Value("#{jobParameters['run.id']}") Long runId, RunSpecs specs, TaskStore tasks, JdbcClient jdbc,
                              Reuser reuser) {
        return new IngestWriter(tasks, jdbc, specs.of(runId), reuser);
    }
}
