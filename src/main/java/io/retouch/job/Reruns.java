package io.retouch.job;

import io.retouch.infra.AdvisoryLock;
import io.retouch.catalog.VendorCatalog;
import io.retouch.flow.Vendors;
import io.retouch.inputs.InputDelivery;
import io.retouch.inputs.StoreReachability;
import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.run.Run;
import io.retouch.run.RunStore;
import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.spec.SpecException;
import io.retouch.task.IllegalTransitionException;
import io.retouch.task.StaleTaskException;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskStore;
import io.retouch.task.Transition;
import java.sql.SQLException;
import javax.sql.DataSource;
import io.retouch.task.TaskState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * `retouch rerun`: a new run made of chosen tasks of an earlier one, each recording the task it
 * tries again. What a rerun may take: tasks that FAILED or were CANCELLED, and tasks held IN_DOUBT
 * only when the operator says so (their first submission may have been paid). Never a task that
 * succeeded, nor one whose row already succeeded (or is still being worked) in an earlier rerun:
 * a rerun never pays twice for a row that has its result. Everything is checked before the new
 * run is recorded.
 */
@Component
public class Reruns {

    /** What the operator chose; empty sets choose everything the rules allow. */
    public record Choice(Set<TaskState> states, Set<String> causes, List<String> items, String vendor,
                         boolean includeInDoubt) {}

    /** One task to try again, as the parent run left it. */
    public record Candidate(long task, String itemKey, long line, int part, String vendor, TaskState state,
                            String cause, TaskRequest request) {}

    /**
     * What a rerun would do: the new run's spec, the tasks it takes, and those it leaves because a
     * rerun already has (or is working on) their row, by the run that has it.
     */
    public record Plan(Run parent, JobSpec spec, List<Candidate> tasks, Map<Candidate, Long> alreadyRerunIn) {

        /** Paid submissions the new run makes if every one is accepted at the first try: one per task. */
        public int paidCalls() {
            return tasks.size();
        }

        public Map<String, Long> byVendor() {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Candidate c : tasks) counts.merge(vendorOf(c), 1L, Long::sum);
            return counts;
        }

        public String vendorOf(Candidate c) {
            return spec.vendors().size() == 1 ? spec.vendors().getFirst().name() : c.vendor();
        }
    }

    static final Set<TaskState> RERUNNABLE = EnumSet.of(TaskState.FAILED, TaskState.CANCELLED, TaskState.IN_DOUBT);

    private final RunStore runs;
    private final RunSpecs specs;
    private final Vendors vendors;
    private final StoreReachability store;
    private final TaskStore tasks;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final DataSource dataSource;
    private final StoreCheck storeCheck;

    public Reruns(RunStore runs, RunSpecs specs, Vendors vendors, StoreReachability store, TaskStore tasks, JdbcClient jdbc,
                  JsonMapper json, TransactionTemplate tx, DataSource dataSource, StoreCheck storeCheck) {
        this.runs = runs;
        this.specs = specs;
        this.vendors = vendors;
        this.store = store;
        this.tasks = tasks;
        this.jdbc = jdbc;
        this.json = json;
        this.tx = tx;
        this.dataSource = dataSource;
        this.storeCheck = storeCheck;
    }

    /** Checks everything and says what the rerun would do; records nothing. */
    public Plan plan(long parentRunId, Choice choice) {
        Run parent = runs.get(parentRunId);
        Set<TaskState> states = states(choice);
        JobSpec stored = specs.of(parentRunId);
        JobSpec spec = choice.vendor() == null ? stored : onVendor(stored, choice.vendor());
        Map<Candidate, Long> alreadyRerun = new LinkedHashMap<>();
        List<Candidate> chosen = new ArrayList<>();
        Map<String, List<Candidate>> byItem = new LinkedHashMap<>();
        for (Candidate c : candidates(parentRunId, states, choice.causes(), choice.includeInDoubt(), alreadyRerun))
            byItem.computeIfAbsent(c.itemKey(), k -> new ArrayList<>()).add(c);
        if (choice.items().isEmpty()) {
            byItem.values().forEach(chosen::addAll);
        } else {
            chosen.addAll(itemsNamed(parentRunId, choice.items(), byItem, alreadyRerun));
        }
        List<String> problems = new ArrayList<>();
        if (choice.vendor() != null) problems.addAll(servable(spec, chosen));
        vendors.credentialProblems(spec).forEach(p -> problems.add("vendors." + p));
        problems.addAll(storeCheck.problems(spec));
        if (!problems.isEmpty()) throw new SpecException("for the rerun of run " + parentRunId, problems);
        return new Plan(parent, spec, List.copyOf(chosen), alreadyRerun);
    }

    /**
     * Records the new run and its tasks in one transaction; a task rerun from IN_DOUBT is settled in
     * the parent run as FAILED (cause RERUN), so a restart of the parent never submits it again. That
     * settling takes the parent's lock: a process working the parent could otherwise resubmit the
     * same task while the rerun pays for it.
     */
    public long record(Plan plan) throws SQLException {
        if (plan.tasks().isEmpty()) throw new IllegalStateException("a rerun of no tasks is not recorded");
        boolean inDoubt = plan.tasks().stream().anyMatch(c -> c.state() == TaskState.IN_DOUBT);
        AdvisoryLock parentLock = inDoubt ? RunLock.tryAcquire(dataSource, plan.parent().id()) : null;
        if (inDoubt && parentLock == null) throw new RunBusyException(plan.parent().id());
        try {
            return tx.execute(s -> {
                long run = runs.create(plan.spec().name(), plan.parent().specPath(), specs.toJson(plan.spec()), plan.parent().id());
                for (Candidate c : plan.tasks()) {
                    long task = tasks.insertRerun(run, c.itemKey(), c.part(), c.line(), plan.vendorOf(c), c.request(), c.task());
                    // a task moved since the plan was made fails the move, and nothing is recorded
                    if (c.state() == TaskState.IN_DOUBT) settleInParent(c, task, run);
                }
                return run;
            });
        } finally {
            if (parentLock != null) parentLock.close();
        }
    }

    private void settleInParent(Candidate c, long task, long run) {
        long parent = tasks.get(c.task()).runId();
        try {
            tasks.move(tasks.get(c.task()), Transition.to(TaskState.FAILED).withError("RERUN",
                    "given up here by the operator; rerun as task " + task + " of run " + run));
        } catch (StaleTaskException | IllegalTransitionException e) {
            throw new IllegalArgumentException("task " + c.task() + " of run " + parent + " moved while the rerun was "
                    + "prepared; nothing was recorded, run the rerun again");
        }
    }

    private static Set<TaskState> states(Choice choice) {
        Set<TaskState> states = choice.states().isEmpty()
                ? EnumSet.of(TaskState.FAILED, TaskState.CANCELLED) : EnumSet.copyOf(choice.states());
        if (choice.includeInDoubt() && choice.states().isEmpty()) states.add(TaskState.IN_DOUBT);
        for (TaskState s : states) {
            if (s == TaskState.SUCCEEDED)
                throw new IllegalArgumentException("--state SUCCEEDED: a task that succeeded is never paid again by a rerun");
            if (s == TaskState.IN_DOUBT && !choice.includeInDoubt())
                throw new IllegalArgumentException("--state IN_DOUBT needs --include-in-doubt: the first submission of a "
                        + "task in doubt may have been paid, so rerunning it may pay twice (see `retouch settle`)");
            if (!RERUNNABLE.contains(s))
                throw new IllegalArgumentException("--state " + s + ": such a task is not finished; `retouch restart` "
                        + "continues it in its own run");
        }
        return states;
    }

    /**
     * The run's tasks in these states and causes, by line; a task whose row a rerun already has, or
     * is still working on, goes to {@code alreadyRerun} instead (task → the run that has it).
     */
    /**
     * {@code includeInDoubt}: also tasks an operator gave up in doubt (cause ABANDONED), whose first
     * submission may have been paid.
     */
    private List<Candidate> candidates(long runId, Set<TaskState> states, Set<String> causes, boolean includeInDoubt,
                                       Map<Candidate, Long> alreadyRerun) {
        List<Candidate> list = new ArrayList<>();
        jdbc.sql("""
                WITH RECURSIVE later (origin, id, run_id, state) AS (
                    SELECT t.reruns_task_id, t.id, t.run_id, t.state FROM task t
                    WHERE t.reruns_task_id IN (SELECT id FROM task WHERE run_id = ?)
                    UNION ALL
                    SELECT l.origin, t.id, t.run_id, t.state FROM task t JOIN later l ON t.reruns_task_id = l.id)
                SELECT t.id, t.item_key, t.line_no, t.part, t.vendor, t.state, t.error_class, t.request::text,
                       (SELECT min(l.run_id) FROM later l WHERE l.origin = t.id AND l.state NOT IN ('FAILED', 'CANCELLED'))
                FROM task t
                WHERE t.run_id = ? AND t.state = ANY(?) AND (cardinality(?::text[]) = 0 OR t.error_class = ANY(?))
                  AND (? OR t.error_class IS DISTINCT FROM 'ABANDONED')
                ORDER BY t.line_no, t.part""")
                .params(runId, runId, names(states), causes.toArray(String[]::new), causes.toArray(String[]::new),
                        includeInDoubt)
                .query((rs, n) -> {
                    Candidate c = new Candidate(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                            TaskState.valueOf(rs.getString(6)), rs.getString(7), json.readValue(rs.getString(8), TaskRequest.class));
                    Long elsewhere = rs.getObject(9, Long.class);
                    if (elsewhere != null) alreadyRerun.put(c, elsewhere);
                    else list.add(c);
                    return c;
                }).list();
        return list;
    }

    /** The chosen tasks of the items the operator listed; an item that cannot be rerun is an error naming it. */
    private List<Candidate> itemsNamed(long runId, List<String> items, Map<String, List<Candidate>> byItem,
                                       Map<Candidate, Long> alreadyRerun) {
        List<String> problems = new ArrayList<>();
        List<Candidate> chosen = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (item.isEmpty() || !seen.add(item)) continue;
            List<Candidate> tasks = byItem.get(item);
            if (tasks != null) {
                chosen.addAll(tasks);
                continue;
            }
            List<String> states = jdbc.sql("SELECT DISTINCT state FROM task WHERE run_id = ? AND item_key = ?")
                    .params(runId, item).query(String.class).list();
            Long rerunIn = alreadyRerun.entrySet().stream().filter(e -> e.getKey().itemKey().equals(item))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            problems.add("--items line " + (i + 1) + ": '" + item + "' " + (states.isEmpty() ? "is not an item of run " + runId
                    : rerunIn != null ? "was rerun already, in run " + rerunIn + " (rerun that run instead)"
                    : "is " + String.join("/", states) + " in run " + runId + ", which the chosen states and causes leave out"));
        }
        if (!problems.isEmpty()) throw new SpecException("--items", problems);
        return chosen;
    }

    /** Whether the one vendor of the new spec can serve every chosen task (rerun --vendor). */
    private List<String> servable(JobSpec spec, List<Candidate> chosen) {
        List<String> problems = new ArrayList<>();
        String vendor = spec.vendors().getFirst().name();
        Capabilities caps = VendorCatalog.find(vendor).orElseThrow().capabilities();
        InputDelivery.Decision delivery = InputDelivery.decide(vendor, spec.simulated(), store.current());
        int more = 0;
        for (Candidate c : chosen) {
            TaskRequest r = c.request();
            String refusal = caps.refusal(new EditRequest(r.prompt(), r.inputs(), r.aspectRatio(), r.resolution(),
                    r.outputFormat(), r.numImages(), r.seed()));
            if (refusal == null && delivery.way() == InputDelivery.Way.REFUSED
                    && r.inputs().stream().anyMatch(in -> in.startsWith("s3://")))
                refusal = delivery.reason();
            if (refusal == null) continue;
            if (problems.size() < 10) problems.add("line " + c.line() + " (" + c.itemKey() + "): " + vendor + " cannot serve it: " + refusal);
            else more++;
        }
        if (more > 0) problems.add("and " + more + " more tasks " + vendor + " cannot serve");
        return problems;
    }

    /** The stored spec with {@code vendor} as its only vendor: its own settings when the run had it, else defaults. */
    private static JobSpec onVendor(JobSpec stored, String vendor) {
        if (VendorCatalog.find(vendor).isEmpty())
            throw new IllegalArgumentException("--vendor " + vendor + " is not a vendor Retouch knows; one of "
                    + String.join(", ", VendorCatalog.names()));
        JobSpec.Vendor settings = stored.vendors().stream().filter(v -> v.name().equals(vendor)).findFirst()
                .orElseGet(() -> JobSpecLoader.vendorWithDefaults(vendor, stored.simulated()));
        return new JobSpec(stored.name(), stored.specFile(), stored.manifest(), stored.defaults(), List.of(settings),
                stored.simulator(), stored.output(), null, null, stored.partitions(), stored.budget()); // a rerun is never scheduled, and pays only for what it names; its budget is the run's
    }

    private static String[] names(Set<TaskState> states) {
        return states.stream().map(Enum::name).toArray(String[]::new);
    }
}
