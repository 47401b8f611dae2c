package io.retouch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.RetouchTest;
import io.retouch.testing.TestInfrastructure;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The run lock on the real PostgreSQL: held while taken, free once given back, and only ever this database's. */
@RetouchTest
class RunLockIntegrationTests {

    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;

    @Test
    void heldWhileTakenAndFreeOnceGivenBack() throws Exception {
        try (io.retouch.infra.AdvisoryLock lock = RunLock.tryAcquire(dataSource, 424_242)) {
            assertThat(lock).isNotNull();
            assertThat(RunLock.isHeld(dataSource, 424_242)).isTrue();
            assertThat(RunLock.tryAcquire(dataSource, 424_242)).as("a second process is refused").isNull();
        }
        assertThat(RunLock.isHeld(dataSource, 424_242)).isFalse();
    }

    // Bug (review): pg_locks lists every database's advisory locks; another database's run of the same id
    // (staging and production on one server) made this one's dead run look worked, so serve never restarted it.
    @Test
    void aLockOfTheSameRunIdInAnotherDatabaseOfTheServerIsNotThisRunsLock() throws Exception {
        Map<String, String> infra = TestInfrastructure.get().properties();
        String other = "runlock_" + System.nanoTime();
        jdbc.sql("CREATE DATABASE " + other).update();
        DataSource elsewhere = new DriverManagerDataSource(infra.get("spring.datasource.url").replaceFirst("/[^/?]+(\\?|$)", "/" + other + "$1"),
                infra.get("spring.datasource.username"), infra.get("spring.datasource.password"));
        try (io.retouch.infra.AdvisoryLock theirs = RunLock.tryAcquire(elsewhere, 434_343)) {
            assertThat(theirs).isNotNull();
            assertThat(RunLock.isHeld(elsewhere, 434_343)).isTrue();
            assertThat(RunLock.isHeld(dataSource, 434_343)).isFalse();
        }
    }
}
