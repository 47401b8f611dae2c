package io.retouch.cli;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Every `--json` output: one key style (snake_case), pretty-printed, documented in docs/cli.md. */
final class CliJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private CliJson() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
