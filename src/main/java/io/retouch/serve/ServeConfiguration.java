package io.retouch.serve;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * What only `retouch serve` needs (it sets {@code retouch.serve=true}): ShedLock on PostgreSQL, a
 * scheduler, the firing table and the gauges. Other commands never create these.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("retouch.serve")
@Import({Firings.class, DeadRuns.class, StateGauges.class})
public class ServeConfiguration {

    /** Lock times come from PostgreSQL's clock, not each host's: serves with skewed clocks agree on who holds what. */
    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
    }

    @Bean
    LockingTaskExecutor lockingTaskExecutor(LockProvider lockProvider) {
        return new DefaultLockingTaskExecutor(lockProvider);
    }

    /** Fires schedules, sweeps for dead runs and refreshes the gauges; runs themselves go on {@link RunSlots}. */
    @Bean
    ThreadPoolTaskScheduler serveScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(4);
        scheduler.setThreadNamePrefix("serve-");
        // a firing under way finishes its decision (and records it) before serve closes
        scheduler.setWaitForTasksToCompleteOnShutdown(true);
        scheduler.setAwaitTerminationSeconds(30);
        return scheduler;
    }
}
