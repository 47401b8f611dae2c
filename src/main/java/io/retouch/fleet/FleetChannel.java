package io.retouch.fleet;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;

/**
 * The channel that carries partition requests from a run's manager to the workers: a Spring
 * Integration queue kept in PostgreSQL (no broker to run). A worker takes a request with one
 * {@code DELETE … FOR UPDATE SKIP LOCKED … RETURNING}, so each request goes to exactly one worker.
 */
@Configuration(proxyBeanMethods = false)
public class FleetChannel {

    static final String GROUP = "dispatch-partitions";
    static final String REGION = "retouch";

    @Bean
    JdbcChannelMessageStore partitionRequestStore(DataSource dataSource) {
        JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
        store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
        store.setRegion(REGION);
        // requests are Java-serialized Spring messages carrying Spring Batch's StepExecutionRequest
        store.addAllowedPatterns("org.springframework.batch.integration.partition.*",
                "org.springframework.messaging.*", "org.springframework.integration.*", "java.util.*", "java.lang.*");
        return store;
    }

    @Bean
    QueueChannel partitionRequests(JdbcChannelMessageStore partitionRequestStore) {
        return new QueueChannel(new MessageGroupQueue(partitionRequestStore, GROUP));
    }
}
