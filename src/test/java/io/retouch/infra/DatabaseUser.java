package io.retouch.infra;

import java.nio.file.Path;

/** A Retouch-like process that uses the embedded database of a home until its stdin closes (or it is killed). */
public final class DatabaseUser {

    public static void main(String[] args) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.startOrReuse(Path.of(args[0]).resolve("postgres"))) {
            System.out.println("ready " + db.jdbcUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the database until told to leave
            }
        }
    }
}
