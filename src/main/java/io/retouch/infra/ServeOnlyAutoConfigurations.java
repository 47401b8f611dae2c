package io.retouch.infra;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Actuator, Micrometer and the web server to `retouch serve` ({@code retouch.serve=true}) and
 * `retouch worker` ({@code retouch.worker=true}):
 * every other command starts as it did before they were on the class path, without reading their
 * hundred auto-configurations. Filtered by name, before any of their classes is loaded.
 */
public class ServeOnlyAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final List<String> MODULES = List.of("org.springframework.boot.actuate.", "org.springframework.boot.micrometer.",
            "org.springframework.boot.health.", "org.springframework.boot.webmvc.", "org.springframework.boot.tomcat.",
            "org.springframework.boot.servlet.", "org.springframework.boot.http.converter.");
    /** Other modules' parts for Actuator, e.g. jdbc's DataSourceHealthContributorAutoConfiguration. */
    private static final List<String> PARTS = List.of(".health.", ".metrics.", ".actuate.");

    private boolean serving;

    @Override
    public void setEnvironment(Environment environment) {
        serving = environment.getProperty("retouch.serve", Boolean.class, false)
                || environment.getProperty("retouch.worker", Boolean.class, false);
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) match[i] = serving || !servesOnly(autoConfigurationClasses[i]);
        return match;
    }

    private static boolean servesOnly(String name) {
        return name != null && (MODULES.stream().anyMatch(name::startsWith) || PARTS.stream().anyMatch(name::contains));
    }
}
