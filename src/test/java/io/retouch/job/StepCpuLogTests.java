package io.retouch.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The line bench/dispatch.sh reads a step's CPU from: its shape is what the bench's pattern expects. */
@ExtendWith(OutputCaptureExtension.class)
class StepCpuLogTests {

    @Test
    void aStepsEndLogsTheCpuItTookAndTheProcesssTotal(CapturedOutput output) {
        JobExecution job = new JobExecution(1L, new JobInstance(1L, RetouchJobConfiguration.JOB_NAME),
                new JobParametersBuilder().addLong(RetouchJobConfiguration.RUN_ID, 7L).toJobParameters());
        StepExecution step = new StepExecution(3L, "dispatch", job);
        StepCpuLog log = new StepCpuLog();

        log.beforeStep(step);
        long spin = 0;
        for (long end = System.nanoTime() + 50_000_000L; System.nanoTime() < end; ) spin++;
        step.setStatus(BatchStatus.COMPLETED);
        log.afterStep(step);

        assertThat(spin).isPositive();
        assertThat(output.getOut()).containsPattern("step dispatch of run 7 ended COMPLETED: CPU [0-9]+\\.[0-9]{2} s in "
                + "the step, [0-9]+\\.[0-9]{2} s since start; wall [0-9]+\\.[0-9] s; heap used [0-9]+ MB");
    }
}
