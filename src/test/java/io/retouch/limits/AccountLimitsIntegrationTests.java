package io.retouch.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retouch.run.RunStore;
import io.retouch.spec.JobSpec;
import io.retouch.task.NewTask;
import io.retouch.task.Slice;
import io.retouch.task.TaskRequest;
import io.retouch.task.TaskState;
import io.retouch.task.TaskStore;
import io.retouch.testing.RetouchTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The limits of one vendor account, shared through PostgreSQL by lanes of this process and of
 * another one (a second {@link VendorAccounts} with a holder of its own, as another process has).
 * Task ids are negative: no real task has them, so no other test's lease can collide.
 */
@RetouchTest
@TestPropertySource(properties = "retouch.limits.lease-ttl=1s")
class AccountLimitsIntegrationTests {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static final AtomicLong TASK_IDS = new AtomicLong(-1_000_000);
    /** A run without tasks, for lanes whose tasks are made up. */
    private static final Slice NO_RUN = Slice.whole(-1);

    @Autowired VendorAccounts accounts;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;
    @Autowired RunStore runs;
    @Autowired TaskStore tasks;

    private final List<VendorAccounts> otherProcesses = new ArrayList<>();

    @AfterEach
    void endOtherProcesses() {
        otherProcesses.forEach(VendorAccounts::destroy);
    }

    @Test
    void twoLanesOnOneAccountNeverHoldMoreThanMaxInFlightTogether() throws Exception {
        AccountLimits here = accounts.open(vendor("fal", "slots", 3, 100), NO_RUN);
        AccountLimits there = otherProcess().open(vendor("fal", "slots", 3, 100), NO_RUN);

        // 20 tasks race for the account's 3 slots, half through each lane
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AccountLimits lane = i % 2 == 0 ? here : there;
            long task = TASK_IDS.decrementAndGet();
            attempts.add(() -> lane.tryLease(task));
        }
        assertThat(runAll(attempts).stream().filter(taken -> taken).count()).isEqualTo(3);
        assertThat(here.freeSlots()).isZero();
        assertThat(there.freeSlots()).isZero();

        long next = TASK_IDS.decrementAndGet();
        assertThat(there.tryLease(next)).isFalse();
        here.close(); // gives back the slots this lane took
        assertThat(there.freeSlots()).isPositive();
        assertThat(there.tryLease(next)).isTrue();
        there.close();
    }

    @Test
    void slotsTakenTogetherGoToTheFirstTasksWhileTheAccountHasSome() {
        AccountLimits here = accounts.open(vendor("fal", "batch", 4, 100), NO_RUN);
        AccountLimits there = otherProcess().open(vendor("fal", "batch", 4, 100), NO_RUN);
        assertThat(there.tryLease(TASK_IDS.decrementAndGet())).isTrue();
        List<Long> wanted = List.of(TASK_IDS.decrementAndGet(), TASK_IDS.decrementAndGet(), TASK_IDS.decrementAndGet(),
                TASK_IDS.decrementAndGet(), TASK_IDS.decrementAndGet());
        assertThat(here.tryLease(wanted)).containsExactlyInAnyOrderElementsOf(wanted.subList(0, 3));
        assertThat(here.freeSlots()).isZero();
        assertThat(here.tryLease(wanted.subList(3, 5))).isEmpty();
        here.close();
        there.close();
    }

    /**
     * Review finding: tasks taken up again whose dead holder's leases are still live, listed after a
     * fresh task, must not let the fresh one past the account's limit (4 leases at max 3 before).
     */
    @Test
    void tasksStillLeasedByADeadHolderTakeTheirLeaseBackAndFreshOnesWaitForASlot() {
        VendorAccounts dead = otherProcess();
        AccountLimits before = dead.open(vendor("fal", "leftover", 3, 100), NO_RUN);
        List<Long> atVendor = List.of(TASK_IDS.decrementAndGet(), TASK_IDS.decrementAndGet(), TASK_IDS.decrementAndGet());
        assertThat(before.tryLease(atVendor)).hasSize(3);
        AccountLimits after = accounts.open(vendor("fal", "leftover", 3, 100), NO_RUN);
        long fresh = TASK_IDS.decrementAndGet();
        assertThat(after.tryLease(List.of(fresh, atVendor.get(0), atVendor.get(1))))
                .containsExactlyInAnyOrder(atVendor.get(0), atVendor.get(1));
        assertThat(jdbc.sql("SELECT count(*) FROM vendor_lease WHERE account = 'leftover' AND expires_at > now()")
                .query(Integer.class).single()).isEqualTo(3);
        after.close();
    }

    @Test
    void differentAccountsDoNotShareSlots() {
        AccountLimits full = accounts.open(vendor("fal", "team-a", 2, 100), NO_RUN);
        AccountLimits otherAccount = accounts.open(vendor("fal", "team-b", 2, 100), NO_RUN);
        AccountLimits sameNameOtherVendor = otherProcess().open(vendor("kie", "team-a", 2, 100), NO_RUN);
        assertThat(full.tryLease(TASK_IDS.decrementAndGet())).isTrue();
        assertThat(full.tryLease(TASK_IDS.decrementAndGet())).isTrue();
        assertThat(full.tryLease(TASK_IDS.decrementAndGet())).isFalse();

        assertThat(otherAccount.freeSlots()).isEqualTo(2);
        assertThat(otherAccount.tryLease(TASK_IDS.decrementAndGet())).isTrue();
        assertThat(sameNameOtherVendor.freeSlots()).isEqualTo(2);
        assertThat(sameNameOtherVendor.tryLease(TASK_IDS.decrementAndGet())).isTrue();
        List.of(full, otherAccount, sameNameOtherVendor).forEach(AccountLimits::close);
    }

    @Test
    void aTaskTakenOverFromADeadHolderReplacesItsLeaseAndItsRunDoesNotWaitForTheExpiry() {
        long run = runs.create("takeover", "takeover.yaml", "{}");
        tasks.insertAll(List.of(new NewTask(run, "item", 2, "fal",
                new TaskRequest("take over", List.of("https://example.com/in.png"), "1:1", "1K", "png", 1, null))));
        long task = tasks.allIn(run, EnumSet.of(TaskState.PENDING)).getFirst().id();
        Leases dead = new Leases(dataSource, "killed-process", Duration.ofMinutes(5));
        assertThat(dead.acquire("fal", "takeover", task, 1)).isTrue();

        AccountLimits otherRun = accounts.open(vendor("fal", "takeover", 1, 100), NO_RUN);
        assertThat(otherRun.freeSlots()).as("the dead holder's lease is live").isZero();
        AccountLimits restarted = accounts.open(vendor("fal", "takeover", 1, 100), Slice.whole(run));
        assertThat(restarted.freeSlots()).as("the run's own task takes that slot over").isEqualTo(1);
        assertThat(restarted.tryLease(TASK_IDS.decrementAndGet())).as("but no other task").isFalse();
        assertThat(restarted.tryLease(task)).isTrue();
        assertThat(jdbc.sql("SELECT holder FROM vendor_lease WHERE task_id = ?").param(task).query(String.class).single())
                .isNotEqualTo("killed-process");
        assertThat(otherRun.freeSlots()).isZero();
        restarted.close();
    }

    @Test
    void aLeaseWhoseHolderStopsRenewingFallsOutAfterTheTtlWhileRenewedOnesStay() {
        // a process killed with -9: its leases stay in the table, and nobody renews them
        Leases dead = new Leases(dataSource, "killed-process", TTL);
        assertThat(dead.acquire("fal", "expiry", TASK_IDS.decrementAndGet(), 2)).isTrue();
        assertThat(dead.acquire("fal", "expiry", TASK_IDS.decrementAndGet(), 2)).isTrue();
        AccountLimits lane = accounts.open(vendor("fal", "expiry", 2, 100), NO_RUN);
        long waiting = TASK_IDS.decrementAndGet();
        assertThat(lane.tryLease(waiting)).isFalse();

        await().atMost(Duration.ofSeconds(3)).until(() -> lane.tryLease(waiting));
        assertThat(lane.tryLease(TASK_IDS.decrementAndGet())).isTrue();

        // this process renews every third of the ttl: three ttls later, its two slots are still taken
        AccountLimits elsewhere = otherProcess().open(vendor("fal", "expiry", 2, 100), NO_RUN);
        await().pollDelay(TTL.multipliedBy(3)).atMost(TTL.multipliedBy(4))
                .untilAsserted(() -> assertThat(elsewhere.tryLease(TASK_IDS.decrementAndGet())).isFalse());
        lane.close();
    }

    @Test
    void twoLanesTogetherStayWithinTheAccountsRate() throws Exception {
        AccountLimits here = accounts.open(vendor("fal", "rate", 3, 5), NO_RUN);
        AccountLimits there = otherProcess().open(vendor("fal", "rate", 3, 5), NO_RUN);
        List<Long> calls = Collections.synchronizedList(new ArrayList<>());
        Set<AccountLimits> served = ConcurrentHashMap.newKeySet();
        long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        List<Callable<Boolean>> callers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            AccountLimits lane = i % 2 == 0 ? here : there;
            callers.add(() -> {
                while (System.nanoTime() < end) {
                    lane.awaitCall(nanos -> Thread.sleep(Duration.ofNanos(nanos)));
                    calls.add(System.nanoTime());
                    served.add(lane);
                }
                return true;
            });
        }
        runAll(callers);

        assertThat(mostInOneSecond(calls)).isLessThanOrEqualTo(5);
        // each lane alone may make 5 a second: had they not shared, a second would have held 10
        assertThat(served).containsExactlyInAnyOrder(here, there);
        assertThat(calls).as("the rate is used, not starved").hasSizeGreaterThanOrEqualTo(11);
    }

    @Test
    void aPauseSetThroughOneLaneHoldsTheOther() {
        AccountLimits here = accounts.open(vendor("fal", "pause", 3, 100), NO_RUN);
        AccountLimits there = otherProcess().open(vendor("fal", "pause", 3, 100), NO_RUN);
        assertThat(there.pausedFor()).isZero();

        here.pause(Duration.ofSeconds(3));
        here.pause(Duration.ofMillis(100)); // a shorter pause never cuts a longer one short
        assertThat(here.pausedFor()).isGreaterThan(Duration.ofMillis(2500));
        // the other lane read the pause a moment ago: it reads it again within a second
        await().atMost(Duration.ofMillis(1500)).until(() -> there.pausedFor().compareTo(Duration.ofSeconds(1)) > 0);
    }

    private VendorAccounts otherProcess() {
        VendorAccounts other = new VendorAccounts(dataSource, TTL, "other-process-" + otherProcesses.size());
        otherProcesses.add(other);
        return other;
    }

    private static JobSpec.Vendor vendor(String name, String account, int maxInFlight, double rps) {
        return new JobSpec.Vendor(name, null, 1, 0, maxInFlight, rps, JobSpec.InDoubtPolicy.HOLD, Duration.ofMinutes(15),
                5, null, account, null);
    }

    /** The most instants (nanoTime) within any half-open second. */
    static int mostInOneSecond(List<Long> instants) {
        List<Long> sorted = instants.stream().sorted().toList();
        int most = 0;
        for (int first = 0, last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) >= 1_000_000_000L) first++;
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    private static List<Boolean> runAll(List<Callable<Boolean>> work) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> f : threads.invokeAll(work)) results.add(f.get());
            return results;
        }
    }
}
