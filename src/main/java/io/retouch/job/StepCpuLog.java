package io.retouch.job;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Logs, at the end of each step of a run, how much CPU this process spent in it and in all since it
 * started, e.g. {@code step dispatch of run 3 ended COMPLETED: CPU 12.41 s in the step, 19.02 s since
 * start; wall 30.5 s; heap used 61 MB}. The benchmark ({@code bench/dispatch.sh}) reads the dispatch
 * step's CPU from the log: the process's own counter is the only one that leaves out the simulator and
 * PostgreSQL, which run on the same host. The CPU is the whole process's, other threads included (in a
 * run, the step is all the process does).
 */
@Component
class StepCpuLog implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(StepCpuLog.class);

    /** CPU nanos and wall nanos at each running step's start, by step execution id. */
    private final Map<Long, long[]> started = new ConcurrentHashMap<>();

    @Override
    public void beforeStep(StepExecution step) {
        started.put(step.getId(), new long[] {processCpuNanos(), System.nanoTime()});
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        long[] start = started.remove(step.getId());
        long cpu = processCpuNanos();
        if (start == null || cpu < 0) return null;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        log.info("step {} of run {} ended {}: CPU {} s in the step, {} s since start; wall {} s; heap used {} MB",
                step.getStepName(), step.getJobParameters().getLong(RetouchJobConfiguration.RUN_ID),
                step.getStatus(), seconds(cpu - start[0], 2), seconds(cpu, 2),
                seconds(System.nanoTime() - start[1], 1), heap.getUsed() >> 20);
        return null;
    }

    private static String seconds(long nanos, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", nanos / 1e9);
    }

    /** The process's CPU time (user and system, all threads), or -1 on a JVM that cannot tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
