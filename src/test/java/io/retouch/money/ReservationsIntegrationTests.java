package io.retouch.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.RetouchTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Many submitters reserving at once, each in its own transaction as AttemptStore.begin does: no limit is ever passed. */
@RetouchTest
class ReservationsIntegrationTests {

    private static final BigDecimal PRICE = new BigDecimal("0.15");
    private static final int THREADS = 8;
    private static final int TRIES_EACH = 10;

    @Autowired Reservations reservations;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    @Test
    void concurrentReservationsNeverPassTheRunsBudget() throws Exception {
        long run = newRun();
        String account = "acct-" + UUID.randomUUID();
        // $1.00 holds six $0.15 tasks ($0.90); a seventh would make $1.05
        long reserved = reserveConcurrently(() -> new Charge(run, "fal", account, PRICE, new BigDecimal("1.00"), null, null));

        assertThat(reserved).isEqualTo(6);
        assertThat(jdbc.sql("SELECT reserved_usd FROM run_money WHERE run_id = ?").param(run).query(BigDecimal.class).single())
                .isEqualByComparingTo("0.90");
        assertThat(submissions(account)).isEqualTo(6);
    }

    @Test
    void concurrentReservationsOfTwoRunsNeverPassTheAccountsDailyBudgetOrCap() throws Exception {
        long first = newRun();
        long second = newRun();
        String capped = "acct-" + UUID.randomUUID();
        long underCap = reserveConcurrently(() -> new Charge(Thread.currentThread().threadId() % 2 == 0 ? first : second,
                "fal", capped, PRICE, null, null, 5));
        assertThat(underCap).isEqualTo(5);
        assertThat(submissions(capped)).isEqualTo(5);

        String budgeted = "acct-" + UUID.randomUUID();
        long underBudget = reserveConcurrently(() -> new Charge(Thread.currentThread().threadId() % 2 == 0 ? first : second,
                "fal", budgeted, PRICE, null, new BigDecimal("0.50"), null));
        assertThat(underBudget).isEqualTo(3); // $0.45; a fourth would make $0.60
        assertThat(jdbc.sql("SELECT reserved_usd FROM account_day WHERE account = ?").param(budgeted)
                .query(BigDecimal.class).single()).isEqualByComparingTo("0.45");
        // a run's share given back when the account held it: the two runs reserved exactly what the accounts did
        assertThat(jdbc.sql("SELECT sum(reserved_usd) FROM run_money WHERE run_id IN (?, ?)").params(first, second)
                .query(BigDecimal.class).single()).isEqualByComparingTo(PRICE.multiply(BigDecimal.valueOf(5 + 3)));
    }

    /** THREADS threads, started together, each trying TRIES_EACH reservations; how many were granted. */
    private long reserveConcurrently(Callable<Charge> charge) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> granted = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                granted.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (int i = 0; i < TRIES_EACH; i++) {
                        Charge c = charge.call();
                        if (tx.execute(s -> reservations.reserve(c)) instanceof Reservation.Reserved) mine++;
                    }
                    return mine;
                }));
            }
            start.countDown();
            long total = 0;
            for (Future<Integer> f : granted) total += f.get();
            return total;
        }
    }

    private long newRun() {
        return jdbc.sql("INSERT INTO run (job_name, spec_path, spec, status) VALUES ('money', 'money.yaml', '{}', 'DISPATCHING') RETURNING id")
                .query(Long.class).single();
    }

    private int submissions(String account) {
        return jdbc.sql("SELECT submissions FROM account_day WHERE account = ?").param(account).query(Integer.class).single();
    }
}
