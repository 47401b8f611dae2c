package io.retouch.testing;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Feeds the JVM's test PostgreSQL and S3 to a Spring test context, before any bean is made. */
public class TestInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestInfrastructure infra = TestInfrastructure.get();
        Map<String, Object> props = new HashMap<>(infra.properties());
        props.put("retouch.home", infra.home().toString());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("retouch-test-infra", props));
    }
}
