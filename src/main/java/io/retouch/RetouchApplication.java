package io.retouch;

import io.retouch.cli.RetouchCli;
import io.retouch.infra.RetouchHome;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

@SpringBootApplication
public class RetouchApplication {

    public static void main(String[] args) {
        System.exit(RetouchCli.execute(args));
    }

    @Bean
    RetouchHome retouchHome(Environment env) {
        return RetouchHome.from(env);
    }

    @Bean
    @ConditionalOnMissingBean
    JsonMapper jsonMapper() {
        return JsonMapper.builder().build(); // Jackson 3 writes java.time values as ISO-8601 text by default
    }
}
