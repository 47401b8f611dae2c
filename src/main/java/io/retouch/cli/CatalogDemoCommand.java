package io.retouch.cli;

import io.retouch.infra.EmbeddedDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The catalog the offline catalog demo (jobs/catalog-refresh.yaml) reads: database {@code catalog}
 * on the embedded PostgreSQL of RETOUCH_HOME, with a {@code products} table as a shop would have it.
 */
@Command(name = "catalog-demo", description = "The offline catalog demo's own database, which jobs/catalog-refresh.yaml reads.",
        subcommands = {CatalogDemoCommand.Setup.class, CatalogDemoCommand.Change.class})
class CatalogDemoCommand {

    static final String DATABASE = "catalog";
    /** An advisory lock of the catalog database ("CATA"), so concurrent setups do not interleave. */
    private static final long SETUP_LOCK = 0x43415441L;

    /** sku, photo (relative to jobs/, where the spec is), prompt. */
    private static final String[][] PRODUCTS = {
            {"backpack-travel", "demo/images/backpack.jpg", "Place the backpack on a rocky mountain trail at sunrise"},
            {"bottle-gym", "demo/images/bottle.png", "Put the bottle on a gym bench with a towel, bright light"},
            {"chair-loft", "demo/images/chair.png", "Set the chair in a sunlit loft with a rug and plants"},
            {"chair-studio", "demo/images/chair.png", "Clean product shot of the chair on a white background"},
            {"headphones-desk", "demo/images/headphones.png", "Place the headphones on a tidy wooden desk beside a laptop"},
            {"lamp-bedroom", "demo/images/lamp.jpg", "Put the lamp on a bedside table, warm evening light"},
            {"mug-kitchen", "demo/images/mug.png", "Put the mug on a sunny kitchen counter next to fresh herbs"},
            {"mug-studio", "demo/images/mug.png", "Place the mug on a white studio background with soft shadows"},
            {"sneaker-street", "demo/images/sneaker.png", "Show the sneaker on a wet city street at night with neon"},
            {"sneaker-studio", "demo/images/sneaker.png", "Clean product shot of the sneaker on light grey"},
            {"watch-marble", "demo/images/watch.png", "Lay the watch on white marble with a soft shadow"},
            {"watch-wrist", "demo/images/watch.png", "Show the watch on a wrist, shallow depth of field"}};

    @Command(name = "setup", description = "Create database `catalog` with a products table of 12 products on the embedded "
            + "PostgreSQL of RETOUCH_HOME; run again, it puts the table back as it was")
    static class Setup implements Callable<Integer> {
        @Spec
        CommandSpec command;

        @Override
        public Integer call() throws Exception {
            return onCatalog(command, (db, out) -> {
                db.setAutoCommit(false); // two setups at once: one after the other, each whole
                try (Statement s = db.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")");
                    s.execute("DROP TABLE IF EXISTS products");
                    s.execute("""
                            CREATE TABLE products (
                                sku        TEXT PRIMARY KEY,
                                photo      TEXT NOT NULL,
                                prompt     TEXT NOT NULL,
                                updated_at TIMESTAMPTZ NOT NULL DEFAULT now())""");
                }
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO products (sku, photo, prompt) VALUES (?, ?, ?)")) {
                    for (String[] p : PRODUCTS) {
                        for (int i = 0; i < 3; i++) insert.setString(i + 1, p[i]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                db.commit();
                out.printf("Database `%s` has a products table of %d products. Next: `retouch run jobs/catalog-refresh.yaml`.%n",
                        DATABASE, PRODUCTS.length);
            });
        }
    }

    @Command(name = "change", description = "Give N products (those changed least recently) a new prompt, as a shop "
            + "editing its catalog would")
    static class Change implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "N", description = "How many products to change")
        int count;

        @Spec
        CommandSpec command;

        @Override
        public Integer call() throws Exception {
            if (count < 1 || count > PRODUCTS.length)
                throw new IllegalArgumentException("N must be between 1 and " + PRODUCTS.length + ", got " + count);
            return onCatalog(command, (db, out) -> {
                List<String> changed = new ArrayList<>();
                try (PreparedStatement update = db.prepareStatement("""
                        UPDATE products SET prompt = prompt || ', new season ' || to_char(now(), 'YYYY-MM-DD HH24:MI:SS'),
                            updated_at = now()
                        WHERE sku IN (SELECT sku FROM products ORDER BY updated_at, sku LIMIT ?) RETURNING sku, prompt""")) {
                    update.setInt(1, count);
                    try (ResultSet rs = update.executeQuery()) {
                        while (rs.next()) changed.add(rs.getString(1) + ": " + rs.getString(2));
                    }
                }
                changed.sort(null);
                out.printf("Changed %d products:%n", changed.size());
                for (String c : changed) out.println("  " + c);
            });
        }
    }

    interface CatalogWork {
        void on(Connection catalog, PrintWriter out) throws SQLException;
    }

    /** Starts (or joins) the embedded PostgreSQL of RETOUCH_HOME, creates the catalog database if needed, and works on it. */
    private static int onCatalog(CommandSpec command, CatalogWork work) throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (EmbeddedDatabase server = DbCommand.embedded(new StandardEnvironment(), "the catalog demo runs on the embedded one only")) {
            server.createDatabase(DATABASE);
            try (Connection catalog = DriverManager.getConnection(server.jdbcUrl(DATABASE), "postgres", "postgres")) {
                work.on(catalog, out);
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState()))
                    throw new IllegalArgumentException("the catalog has no products table yet: run `retouch catalog-demo setup` first");
                throw e;
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
