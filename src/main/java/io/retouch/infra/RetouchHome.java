package io.retouch.infra;

import java.nio.file.Path;
import org.springframework.core.env.Environment;

/** The one folder where embedded defaults keep their data: RETOUCH_HOME, else ./.retouch. */
public record RetouchHome(Path path) {

    public static RetouchHome from(Environment env) {
        String configured = env.getProperty("retouch.home", env.getProperty("RETOUCH_HOME", ".retouch"));
        return new RetouchHome(Path.of(configured).toAbsolutePath().normalize());
    }

    public Path resolve(String child) {
        return path.resolve(child);
    }
}
