package io.retouch.cli;

import io.retouch.run.RunReports;
import io.retouch.run.RunStore;
import io.retouch.run.TaskListing;
import io.retouch.task.TaskStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The context of the read commands: PostgreSQL and the classes that read runs and tasks, nothing
 * else of {@code RetouchApplication} (no S3, no Spring Batch, no vendors), so they answer fast.
 * The schema is migrated only when it is behind this version's migrations (a first `runs` on a
 * new home, or after an upgrade): checking costs one query, migrating loads Flyway.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class})
@Import({RunStore.class, TaskStore.class, RunReports.class, TaskListing.class})
class ReadingContext {

    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Bean
    JsonMapper jsonMapper() {
        return JsonMapper.builder().build();
    }

    @Bean
    InitializingBean schemaUpToDate(DataSource dataSource, JdbcClient jdbc) {
        return () -> {
            if (applied(jdbc) < latest()) Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        };
    }

    private static int applied(JdbcClient jdbc) {
        boolean history = jdbc.sql("SELECT to_regclass('flyway_schema_history') IS NOT NULL").query(Boolean.class).single();
        if (!history) return 0;
        return jdbc.sql("SELECT coalesce(max(version::int), 0) FROM flyway_schema_history WHERE success AND version IS NOT NULL")
                .query(Integer.class).single();
    }

    private static int latest() throws IOException {
        return Arrays.stream(new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*__*.sql"))
                .map(r -> VERSION.matcher(String.valueOf(r.getFilename())))
                .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
    }
}
