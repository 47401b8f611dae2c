import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The dispatch benchmark behind bench/dispatch.sh and bench/restart.sh: drives the real `retouch run`
 * (through bin/retouch, a fresh RETOUCH_HOME, the embedded PostgreSQL and S3) against a standalone
 * simulator process (`bin/retouch sim`) and prints what bench/README.md explains. Runs with only a JDK:
 * `java bench/Dispatch.java dispatch ITEMS [options]` or `java bench/Dispatch.java restart ITEMS [options]`.
 * Figures come from the simulator's GET /_sim/stats (its totals), the retouch JVM's CPU (/usr/bin/time
 * for the whole command, the dispatch step's own log line for the step) and its GC log.
 */
public class Dispatch {

    record Sample(long at, long heldNow, long finished, long accepted) {}

    static final HttpClient HTTP = HttpClient.newHttpClient();

    // options
    static String mode;
    static int items;
    static String latency = "lognormal:median=2s,sigma=0.3";
    static int slots = 40;
    static String vendor = "fal";
    static double rps = 1000;
    static List<String> vendorExtra = new ArrayList<>();
    static int killAfterSeconds = 30;
    static boolean keep;

    static Path root;
    static Path work;
    static String simStats;
    static boolean dbRunning;
    static final List<Sample> samples = new ArrayList<>();

    /** A run that cannot go on (the simulator or retouch would not start) says why in one line, without a stack trace. */
    public static void main(String[] args) throws Exception {
        try {
            bench(args);
        } catch (IllegalStateException e) {
            System.err.println("bench: " + e.getMessage().strip());
            System.exit(1);
        }
    }

    static void bench(String[] args) throws Exception {
        parse(args);
        root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("retouch-bench-");
        List<Process> started = new ArrayList<>();
        HttpServer inputs = serveInput();
        try {
            Process sim = startSimulator(started);
            writeSpec(inputs.getAddress().getPort());
            if (mode.equals("restart")) restart(started, sim);
            else dispatch(started, sim);
        } finally {
            inputs.stop(0);
            for (Process p : started.reversed()) stop(p);
            stopOrphanedPostgres();
            if (keep) System.out.println("work dir kept: " + work);
            else deleteTree(work);
        }
    }

    static void parse(String[] args) {
        if (args.length < 2) usage("missing MODE and ITEMS");
        mode = args[0];
        if (!mode.equals("dispatch") && !mode.equals("restart")) usage("unknown mode " + mode);
        try {
            items = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            usage("ITEMS must be a number, was '" + args[1] + "'");
        }
        for (int i = 2; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--latency" -> latency = need(args[i], value);
                case "--slots" -> slots = Integer.parseInt(need(args[i], value));
                case "--vendor" -> vendor = need(args[i], value);
                case "--rps" -> rps = Double.parseDouble(need(args[i], value));
                case "--vendor-extra" -> vendorExtra.add(need(args[i], value));
                case "--kill-after" -> killAfterSeconds = Integer.parseInt(need(args[i], value));
                case "--keep" -> { keep = true; i--; }
                case "--db-running" -> { dbRunning = true; i--; }
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
    }

    static String need(String option, String value) {
        if (value == null) usage(option + " needs a value");
        return value;
    }

    static void usage(String problem) {
        System.err.println("bench: " + problem + "\nusage: bench/dispatch.sh ITEMS [--latency SPEC] [--slots N] "
                + "[--vendor NAME] [--rps N] [--vendor-extra 'key: value']... [--db-running] [--keep]\n"
                + "       bench/restart.sh ITEMS [same options] [--kill-after SECONDS]");
        System.exit(2);
    }

    // --- the pieces ---

    /** A tiny PNG the simulator fetches for every task: the bench measures Retouch, not image IO. */
    static HttpServer serveInput() throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) for (int y = 0; y < 8; y++) image.setRGB(x, y, (x * 31) << 16 | (y * 31) << 8 | 128);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] bytes = png.toByteArray();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/in.png", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    static Process startSimulator(List<Process> started) throws Exception {
        Path out = work.resolve("sim.out");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/retouch").toString(), "sim", "--port", "0",
                "--latency", latency, "--concurrency", String.valueOf(slots),
                "--state-dir", work.resolve("sim-state").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("RETOUCH_NO_CACHE", "1");
        // The simulator's CPU is not Retouch's: outputs of the ordered geometry and format, not drawn; only
        // the quick compiler (C2's compiling cost it more than it saved) and the serial collector.
        // BENCH_SIM_JAVA_OPTIONS: more for the simulator's JVM, e.g. a JFR recording
        builder.environment().put("JAVA_TOOL_OPTIONS", ("-Dretouch.sim.render=plain -XX:TieredStopAtLevel=1 "
                + "-XX:+UseSerialGC " + System.getenv().getOrDefault("BENCH_SIM_JAVA_OPTIONS", "")).strip());
        Process sim = builder.start();
        started.add(sim);
        Pattern base = Pattern.compile("^" + Pattern.quote(vendor) + " +base URL: (http://\\S+)$", Pattern.MULTILINE);
        for (int i = 0; i < 600; i++) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            Matcher m = base.matcher(text);
            Matcher stats = Pattern.compile("peaks: +(http://\\S+/_sim/stats)").matcher(text);
            if (m.find() && stats.find()) {
                simStats = stats.group(1);
                vendorBaseUrl = m.group(1);
                return sim;
            }
            if (!sim.isAlive()) throw new IllegalStateException("the simulator did not start:\n"
                    + text.replaceAll("(?m)^Picked up JAVA_TOOL_OPTIONS.*\n", ""));
            Thread.sleep(100);
        }
        throw new IllegalStateException("the simulator printed no base URL for " + vendor + " in 60 s");
    }

    static String vendorBaseUrl;

    static void writeSpec(int inputPort) throws IOException {
        StringBuilder csv = new StringBuilder("item_key,images,prompt\n");
        String input = "http://127.0.0.1:" + inputPort + "/in.png";
        for (int i = 1; i <= items; i++)
            csv.append(String.format(Locale.ROOT, "item-%07d,%s,Place product %d on a white background%n", i, input, i));
        Files.writeString(work.resolve("manifest.csv"), csv);
        StringBuilder spec = new StringBuilder();
        spec.append("name: bench-dispatch\nmanifest: manifest.csv\n");
        spec.append("defaults:\n  aspect-ratio: \"1:1\"\n  resolution: 1K\n  num-images: 1\n");
        spec.append("vendor:\n  name: ").append(vendor).append('\n');
        spec.append("  max-in-flight: ").append(slots).append('\n');
        spec.append("  requests-per-second: ").append(rps).append('\n');
        for (String line : vendorExtra) spec.append("  ").append(line).append('\n');
        spec.append("output:\n  bucket: bench-dispatch\n");
        Files.writeString(work.resolve("spec.yaml"), spec);
    }

    static ProcessBuilder retouch(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", work.resolve(name + ".time").toString(),
                "-f", "%e %U %S %M", root.resolve("bin/retouch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile()).redirectError(work.resolve(name + ".err").toFile());
        Map<String, String> env = builder.environment();
        env.put("RETOUCH_HOME", work.resolve("home").toString());
        env.put("RETOUCH_" + vendor.toUpperCase(Locale.ROOT).replace('-', '_') + "_BASE_URL", vendorBaseUrl);
        env.put("RETOUCH_S3_REACHABLE_BY_VENDORS", "true");
        for (String key : List.of("FAL_KEY", "MULERUN_API_KEY", "RUNFLOW_API_KEY", "KIE_API_KEY", "SINANCODE_API_KEY",
                "AIMLAPI_API_KEY", "GEMINI_API_KEY")) env.put(key, "sim-key");
        // BENCH_JAVA_OPTIONS: more for the retouch JVM, e.g. a JFR recording (as bench/ingest.sh takes them)
        env.put("JAVA_TOOL_OPTIONS", ("-Xlog:gc:file=" + work.resolve(name + "-gc-%p.log") + " "
                + System.getenv().getOrDefault("BENCH_JAVA_OPTIONS", "")).strip());
        // a start-up cache of its own: bin/retouch drops the caches of other builds, e.g. other worktrees'
        env.putIfAbsent("RETOUCH_CACHE", root.resolve("target/bench-cache").toString());
        return builder;
    }

    // --- scenarios ---

    /**
     * The embedded stack as an operator's second command finds it: the database cluster made and the
     * schema migrated (by a {@code retouch runs}, which stops the database again), so the time to the
     * first submission is the run's own, not a first-ever initdb's.
     */
    static void initialiseHome(List<Process> started) throws Exception {
        Process runs = retouch("init", "runs").start();
        if (runs.waitFor() != 0)
            throw new IllegalStateException("retouch runs (initialising RETOUCH_HOME) failed; see " + work.resolve("init.err"));
        if (!dbRunning) return;
        // --db-running: the database held up by `retouch db`, as an operator keeps it between commands
        Process db = retouch("db", "db").start();
        started.add(db);
        Path out = work.resolve("db.out");
        long giveUp = System.currentTimeMillis() + 60_000;
        while (!(Files.exists(out) && Files.readString(out).contains("jdbc:postgresql"))) {
            if (!db.isAlive() || System.currentTimeMillis() > giveUp)
                throw new IllegalStateException("retouch db did not start; see " + work.resolve("db.err"));
            Thread.sleep(100);
        }
    }

    static void dispatch(List<Process> started, Process sim) throws Exception {
        initialiseHome(started);
        long start = System.currentTimeMillis();
        Process run = retouch("run", "run", "spec.yaml").start();
        started.add(run);
        while (run.isAlive()) {
            sample();
            run.waitFor(200, TimeUnit.MILLISECONDS);
        }
        long end = System.currentTimeMillis();
        String stats = get(simStats);
        long simCpu = cpuMillis(sim.pid());
        printDispatch(run.exitValue(), start, end, stats, simCpu, "run");
    }

    static void restart(List<Process> started, Process sim) throws Exception {
        initialiseHome(started);
        long start = System.currentTimeMillis();
        Process run = retouch("run", "run", "spec.yaml").start();
        started.add(run);
        long killAt = 0;
        while (run.isAlive()) {
            sample();
            long firstAt = field(get(simStats), "firstAcceptedAt");
            if (firstAt > 0 && System.currentTimeMillis() >= firstAt + killAfterSeconds * 1000L) {
                killAt = System.currentTimeMillis();
                // the JVM under /usr/bin/time (and bin/retouch, while it trains its start-up cache)
                run.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                        .forEach(ProcessHandle::destroyForcibly);
                break;
            }
            run.waitFor(200, TimeUnit.MILLISECONDS);
        }
        if (killAt == 0) throw new IllegalStateException("the run ended before it could be killed: use more items");
        run.waitFor();
        double before = completionRate(killAt - 10_000, killAt);
        System.out.printf(Locale.ROOT, "killed -9 %.1f s after the first submission; completions in the 10 s before: "
                + "%.1f/s%n", killAfterSeconds + 0.0, before);
        long acceptedAtKill = sample().accepted();
        long restartAt = System.currentTimeMillis();
        Process again = retouch("restart", "restart", "1").start();
        started.add(again);
        // slots full: the simulator holds SLOTS tasks; nearly: 90 % of them (collection may keep it just under).
        // What the killed process submitted keeps the simulator's slots busy for a while after the kill: a count
        // is taken only once it has fallen below the mark (or at once if the restart never lets it fall).
        long fullAt = 0, nearlyAt = 0, peak = 0, lowest = Long.MAX_VALUE;
        boolean fullDipped = false, nearlyDipped = false;
        long nearlyMark = (long) Math.ceil(0.9 * slots);
        long giveUp = restartAt + 180_000;
        while (again.isAlive() && fullAt == 0 && System.currentTimeMillis() < giveUp) {
            Sample s = sample();
            if (s.at() > restartAt) {
                lowest = Math.min(lowest, s.heldNow());
                if (s.heldNow() < slots) fullDipped = true;
                if (s.heldNow() < nearlyMark) nearlyDipped = true;
                boolean submittedAgain = s.accepted() > acceptedAtKill;
                if (fullDipped) peak = Math.max(peak, s.heldNow());
                if (nearlyAt == 0 && s.heldNow() >= nearlyMark && (nearlyDipped || submittedAgain)) nearlyAt = s.at();
                if (s.heldNow() >= slots && (fullDipped || submittedAgain)) fullAt = s.at();
            }
            if (fullAt == 0) Thread.sleep(100);
        }
        long from = fullAt != 0 ? fullAt : nearlyAt;
        long until = from + 10_000;
        while (from != 0 && again.isAlive() && System.currentTimeMillis() < until) {
            sample();
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "restart: first submission %s after `retouch restart` started%n",
                firstSubmitAfter(restartAt).map(ms -> String.format(Locale.ROOT, "%.1f s", ms / 1000.0)).orElse("never"));
        System.out.printf(Locale.ROOT, "restart: the simulator held %d tasks (slots full) again %s; %d (90%%) %s; "
                + "at most %d in the first %s%n", slots, after(fullAt, restartAt), (int) nearlyMark,
                after(nearlyAt, restartAt), peak, fullAt != 0 ? "until then" : "180 s");
        System.out.printf(Locale.ROOT, "restart: the fewest tasks the simulator held after `retouch restart` started: "
                + "%d (at first it still runs what the killed process submitted)%n", lowest == Long.MAX_VALUE ? 0 : lowest);
        if (from != 0)
            System.out.printf(Locale.ROOT, "completions at the simulator: %.1f/s in the 10 s before the kill, %.1f/s in "
                    + "the 10 s after %s%n", before, completionRate(from, until), fullAt != 0 ? "slots were full again"
                    : "90% of the slots were held again");
        stop(again);
        machine();
    }

    static String after(long at, long start) {
        return at == 0 ? "never" : String.format(Locale.ROOT, "%.1f s after `retouch restart` started",
                (at - start) / 1000.0);
    }

    // --- measuring ---

    static Sample sample() throws IOException, InterruptedException {
        String stats = get(simStats);
        Sample s = new Sample(field(stats, "now"), field(stats, "heldNow"), field(stats, "finished"),
                field(stats, "accepted"));
        samples.add(s);
        return s;
    }

    /** Tasks ended at the simulator per second over [from, to], from the samples nearest those times. */
    static double completionRate(long from, long to) {
        Sample a = nearest(from);
        Sample b = nearest(to);
        return b.at() == a.at() ? 0 : (b.finished() - a.finished()) * 1000.0 / (b.at() - a.at());
    }

    static Sample nearest(long at) {
        return samples.stream().min(Comparator.comparingLong(s -> Math.abs(s.at() - at))).orElseThrow();
    }

    static Optional<Long> firstSubmitAfter(long at) {
        long acceptedAt = nearest(at).accepted();
        return samples.stream().filter(s -> s.at() >= at && s.accepted() > acceptedAt).findFirst()
                .map(s -> s.at() - at);
    }

    static void printDispatch(int exit, long start, long end, String stats, long simCpuMillis, String name)
            throws IOException {
        long first = field(stats, "firstAcceptedAt");
        long last = field(stats, "lastFinishAt");
        long accepted = field(stats, "accepted");
        long drawn = field(stats, "drawnRunMillis");
        long requests = field(stats, "requests");
        String out = Files.readString(work.resolve(name + ".out"));
        long succeeded = lastMatch(out, "SUCCEEDED (\\d+)");
        long images = lastMatch(out, "outputs stored: (\\d+)");
        String log = retouchLog(); // read once: every figure below from the log comes from this text
        long dispatchEnd = dispatchStepEnd(log).orElse(end);
        double makespan = (dispatchEnd - first) / 1000.0;
        double ideal = drawn / 1000.0 / slots;
        double reference = items * meanMillis(latency) / 1000.0 / slots;
        String[] time = Files.readString(work.resolve(name + ".time")).strip().lines()
                .reduce((a, b) -> b).orElse("0 0 0 0").split(" ");
        double cpu = Double.parseDouble(time[1]) + Double.parseDouble(time[2]);
        double stepCpu = dispatchStepCpu(log);
        double[] heap = heap(name);

        System.out.printf(Locale.ROOT, "%s, %d items, %d slots, latency %s, %s rps%s; exit code %d%n", vendor, items,
                slots, latency, trim(rps), vendorExtra.isEmpty() ? "" : ", " + String.join(", ", vendorExtra), exit);
        System.out.printf(Locale.ROOT, "completed: %d of %d tasks succeeded, %d images stored (%d tasks accepted by "
                + "the simulator)%n", succeeded, items, images, accepted);
        System.out.printf(Locale.ROOT, "makespan (first submit -> last task final): %.1f s; ideal %.1f s (drawn run "
                + "times / slots)%s; items x model mean / slots: %.1f s%n", makespan, ideal,
                drawn == 0 ? "" : String.format(Locale.ROOT, ": %.2fx the ideal", makespan / ideal), reference);
        System.out.printf(Locale.ROOT, "  the simulator's last task ended %.1f s after the first submit; whole "
                + "command %.1f s wall%n", (last - first) / 1000.0, (end - start) / 1000.0);
        System.out.printf(Locale.ROOT, "slot utilisation: %.1f%% (drawn run time / (slots x makespan)); slots "
                + "first full %s after the first submit%n", 100.0 * drawn / (slots * (double) (dispatchEnd - first)),
                samples.stream().filter(x -> x.heldNow() >= Math.min(slots, items)).findFirst()
                        .map(x -> String.format(Locale.ROOT, "%.1f s", (x.at() - first) / 1000.0)).orElse("never"));
        System.out.println(idleSlots(first, dispatchEnd));
        System.out.printf(Locale.ROOT, "vendor calls per completed image: %.2f (%d calls: %s; output downloads %d)%n",
                requests / (double) Math.max(1, images), requests, kinds(stats), kind(stats, "FILE"));
        System.out.printf(Locale.ROOT, "429s answered: %d; peak tasks held %d, peak requests in one second %d%n",
                field(stats, "rateLimited"), field(stats, "peakHeld"), field(stats, "peakRequestsPerSecond"));
        long sent = field(stats, "firstRequestAt");
        System.out.printf(Locale.ROOT, "time to first submission: %.1f s after the command started, when it reached "
                + "the simulator (accepted %.1f s after)%s; database %s%n", (sent - start) / 1000.0,
                (first - start) / 1000.0, milestones(log, start), dbRunning ? "held running by `retouch db`"
                        : "stopped (the run starts it)");
        System.out.printf(Locale.ROOT, "throughput: %.1f items/s over the makespan, %.1f items/s over the whole "
                + "command%n", succeeded / makespan, succeeded * 1000.0 / (end - start));
        System.out.printf(Locale.ROOT, "retouch CPU: %.1f s whole command (%.1f s per 1,000 items), dispatch step "
                + "%.1f s (%.1f s per 1,000 items)%n", cpu, cpu * 1000 / items, stepCpu, stepCpu * 1000 / items);
        System.out.printf(Locale.ROOT, "retouch heap: at most %.0f MB in use before a GC, %.0f MB after one; max RSS "
                + "%d MB; simulator CPU %.1f s%n", heap[0], heap[1], Long.parseLong(time[3]) / 1024, simCpuMillis / 1000.0);
        machine();
    }

    /** When the dispatch step ended (every task final), from StepCpuLog's line's timestamp. */
    static Optional<Long> dispatchStepEnd(String log) {
        return logTimes(log, "step dispatch of run \\d+ ended").stream().reduce((a, b) -> b);
    }

    /** The time stamps (epoch millis) of the lines of {@code log} (retouch.log's text) that match {@code regex}, oldest first. */
    static List<Long> logTimes(String log, String regex) {
        Matcher m = Pattern.compile("(?m)^(\\S+) .*" + regex).matcher(log);
        List<Long> times = new ArrayList<>();
        while (m.find()) times.add(java.time.OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli());
        return times;
    }

    /**
     * Slot-seconds the simulator left idle between the first submit and the end, from the samples: while
     * tasks were still to be submitted (Retouch's doing) and after the last was (the tail: no work left).
     */
    static String idleSlots(long first, long end) {
        double before = 0, tail = 0;
        Sample previous = null;
        for (Sample s : samples) {
            if (s.at() < first || s.at() > end) continue;
            if (previous != null) {
                double idle = Math.max(0, Math.min(slots, items) - previous.heldNow()) * (s.at() - previous.at()) / 1000.0;
                if (previous.accepted() < items) before += idle;
                else tail += idle;
            }
            previous = s;
        }
        return String.format(Locale.ROOT, "idle slot-seconds: %.0f while tasks were left to submit (%.1f s of the "
                + "makespan), %.0f in the tail after the last submit (%.1f s)", before, before / slots, tail, tail / slots);
    }

    /** When the run's start-up reached each step, from retouch.log's time stamps, in seconds after {@code start}. */
    static String milestones(String log, long start) {
        Map<String, String> marks = new LinkedHashMap<>();
        marks.put("PostgreSQL up", "embedded PostgreSQL (already running )?on port");
        marks.put("job launched", "Job: \\[SimpleJob: \\[name=retouch\\]\\] launched");
        marks.put("dispatch step", "Executing step: \\[dispatch\\]");
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> mark : marks.entrySet())
            logTimes(log, mark.getValue()).stream().filter(at -> at >= start).findFirst().ifPresent(at -> found.add(
                    String.format(Locale.ROOT, "%s %.1f s", mark.getKey(), (at - start) / 1000.0)));
        return found.isEmpty() ? "" : " (" + String.join(", ", found) + ")";
    }

    static String retouchLog() throws IOException {
        Path logs = work.resolve("home/logs");
        if (!Files.isDirectory(logs)) return "";
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    static void machine() {
        System.out.printf("(%s, %d cores, java %s)%n", LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
    }

    static String kinds(String stats) {
        List<String> parts = new ArrayList<>();
        for (String k : List.of("SUBMIT", "STATUS", "CANCEL", "OTHER"))
            parts.add(k.toLowerCase(Locale.ROOT) + " " + kind(stats, k));
        return String.join(", ", parts);
    }

    static long kind(String stats, String kind) {
        return field(stats, kind);
    }

    /** The dispatch step's CPU from StepCpuLog's line in RETOUCH_HOME/logs/retouch.log; NaN when absent. */
    static double dispatchStepCpu(String log) {
        Matcher m = Pattern.compile("step dispatch of run \\d+ ended \\S+: CPU ([0-9.]+) s in the step")
                .matcher(log);
        double cpu = Double.NaN;
        while (m.find()) cpu = Double.parseDouble(m.group(1));
        return cpu;
    }

    /**
     * Most heap in use before a GC and after one, in MB, from -Xlog:gc lines such as "Pause Young ... 24M->5M(64M)",
     * in the GC log of the command's JVM: the one with the most GCs (a run that trains bin/retouch's start-up
     * cache leaves a second, short one from the JVM that writes the cache).
     */
    static double[] heap(String name) throws IOException {
        double[] most = {Double.NaN, Double.NaN};
        int mostGcs = -1;
        try (Stream<Path> files = Files.list(work)) {
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith(name + "-gc-")).toList()) {
                Matcher m = Pattern.compile("(\\d+)M->(\\d+)M").matcher(Files.readString(log));
                double before = 0, after = 0;
                int gcs = 0;
                for (; m.find(); gcs++) {
                    before = Math.max(before, Double.parseDouble(m.group(1)));
                    after = Math.max(after, Double.parseDouble(m.group(2)));
                }
                if (gcs > mostGcs) {
                    mostGcs = gcs;
                    most = new double[] {before, after};
                }
            }
        }
        return most;
    }

    /** The vendor's value of a numeric field in the stats JSON: its totals, else its peaks, else top-level. */
    static long field(String stats, String name) {
        for (String section : List.of("\"totals\"", "\"byVendor\"", "")) {
            int at = section.isEmpty() ? 0 : stats.indexOf(section);
            if (at < 0) continue;
            if (!section.isEmpty()) {
                at = stats.indexOf("\"" + vendor + "\":", at);
                if (at < 0) continue;
            }
            Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(stats);
            if (m.find(at)) return Long.parseLong(m.group(1));
        }
        return 0;
    }

    static long lastMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        long value = 0;
        while (m.find()) value = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
        return value;
    }

    /** The latency model's mean, as the simulator computes it, for the reference figure. */
    static double meanMillis(String spec) {
        String args = spec.substring(spec.indexOf(':') + 1);
        Map<String, String> kv = new TreeMap<>();
        for (String part : args.split(",")) if (part.contains("=")) kv.put(part.split("=")[0], part.split("=")[1]);
        if (spec.startsWith("fixed:")) return millis(args);
        if (spec.startsWith("uniform:")) return (millis(args.split("-")[0]) + millis(args.split("-")[1])) / 2;
        if (kv.containsKey("mean")) return millis(kv.get("mean"));
        double sigma = Double.parseDouble(kv.get("sigma"));
        return millis(kv.get("median")) * Math.exp(sigma * sigma / 2);
    }

    static double millis(String duration) {
        Matcher m = Pattern.compile("([0-9.]+)(ms|s|m)").matcher(duration.strip());
        if (!m.matches()) throw new IllegalArgumentException("bad duration " + duration);
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            default -> n * 60_000;
        };
    }

    static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** utime + stime of a live process from /proc, in millis (the simulator's, before it is stopped); 0 if unknown. */
    static long cpuMillis(long pid) {
        try {
            // bin/retouch execs java, so the process is the JVM itself
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // fields 14 and 15, at 100 ticks a second
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    // --- cleaning up ---

    static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) return;
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** An embedded PostgreSQL left running by a killed run: only the one whose data lives in this work dir. */
    static void stopOrphanedPostgres() {
        List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(work.toString()))
                .filter(p -> p.info().command().orElse("").endsWith("postgres")).toList();
        postgres.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : postgres) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("bench: could not delete all of " + dir + ": " + e);
        }
    }
}
