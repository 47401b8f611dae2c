package io.retouch.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.retouch.testing.Cli;
import io.retouch.testing.Manifests;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.retouch.testing.RetouchTest;

/**
 * `retouch report` on a real run of the simulator with failures switched on: the report stands alone
 * (every picture a file under DIR, nothing from the network), shows why tasks failed, escapes what the
 * manifest said, and pages the contact sheet. When a Chromium is installed, a real browser opens it.
 */
@RetouchTest
class ReportIntegrationTests {

    static final int ROWS = 13;
    static final int PAGE_SIZE = 5;
    static final String SCRIPT_PROMPT = "make it <script>alert(1)</script> brighter";
    /** Nothing listens on the discard port: the simulator and the report both fail to fetch it. */
    static final String GONE_INPUT = "http://127.0.0.1:9/gone.png";

    @TempDir static Path dir;
    static long run;
    static Path report;
    static Cli.Result reported;

    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void runAJobAndReportIt() throws Exception {
        Cli.Result first = Cli.runIn(dir, "run", spec(dir).toString());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1); // some tasks failed, on purpose
        Matcher m = Pattern.compile("^Run (\\d+): ", Pattern.MULTILINE).matcher(first.out());
        assertThat(m.find()).as(first.out()).isTrue();
        run = Long.parseLong(m.group(1));
        report = dir.resolve("report");
        reported = Cli.runIn(dir, "report", Long.toString(run), "--html", report.toString(),
                "--page-size", Integer.toString(PAGE_SIZE));
    }

    @Test
    void theReportStandsAloneShowsWhyTasksFailedAndPagesTheContactSheet() throws Exception {
        assertThat(reported.exitCode()).as(reported.toString()).isZero();
        long tasks = jdbc.sql("SELECT count(*) FROM task WHERE run_id = ?").param(run).query(Long.class).single();
        int pages = (int) ((tasks + PAGE_SIZE - 1) / PAGE_SIZE);
        assertThat(pages).as("the test needs more tasks than one page holds").isGreaterThan(1);
        assertThat(reported.out()).matches("(?s)Report of run " + run + ": " + Pattern.quote(report.resolve("index.html").toString())
                + " \\(" + pages + " pages, \\d+ thumbnails\\)\\R");

        Map<String, String> html = pages(pages);
        assertThat(report.resolve("page-" + (pages + 1) + ".html")).doesNotExist();
        int images = 0;
        for (Map.Entry<String, String> page : html.entrySet()) {
            for (String src : attributes(page.getValue(), "src")) {
                assertThat(report.resolve(src).normalize()).as(page.getKey() + " shows " + src).isRegularFile()
                        .satisfies(file -> assertThat(file.startsWith(report)).isTrue());
                images++;
            }
            for (String href : attributes(page.getValue(), "href")) {
                String file = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
                assertThat(report.resolve(file)).as(page.getKey() + " links to " + href).isRegularFile();
            }
            assertThat(page.getValue()).as(page.getKey())
                    .doesNotContainPattern("(?i)(src|href|action)\\s*=\\s*\"?\\s*(https?:)?//")
                    .doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:)?//")
                    .doesNotContain(SCRIPT_PROMPT)
                    .doesNotContain("<script>alert");
            if (!page.getKey().equals("index.html"))
                assertThat(page.getValue()).contains("href=\"index.html\"");
        }
        assertThat(images).isGreaterThanOrEqualTo((int) tasks); // an input (or its placeholder) per task at least
        String all = String.join("\n", html.values());
        assertThat(all).contains(Html.text(SCRIPT_PROMPT));

        // each failed row with its reason, in the failures section of the index
        List<Map<String, Object>> failed = jdbc.sql("""
                SELECT item_key, line_no, error_class, error_code, error_message FROM task
                WHERE run_id = ? AND state = 'FAILED' ORDER BY line_no""").param(run).query().listOfRows();
        assertThat(failed).isNotEmpty();
        String index = html.get("index.html");
        for (Map<String, Object> f : failed) {
            assertThat(index).contains(">" + Html.text(f.get("item_key")) + "</a></td><td class=\"num\">" + f.get("line_no") + "<");
            String prefix = f.get("error_class") + (f.get("error_code") == null ? "" : " [" + f.get("error_code") + "]") + ": ";
            String message = (String) f.get("error_message");
            assertThat(index).contains(Html.text(message.startsWith(prefix) ? message.substring(prefix.length()) : message));
        }
        assertThat(index).contains("Rejected manifest rows").contains("row-missing");
        assertThat(all).as("an input that cannot be fetched is a placeholder with the reason")
                .contains("title=\"" + GONE_INPUT + "\">cannot show it: cannot connect to 127.0.0.1</div>");
    }

    @Test
    void aFolderInUseNeedsForceAndAnUnknownRunIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        Cli.Result busy = Cli.runIn(dir, "report", Long.toString(run), "--html", other.toString());
        assertThat(busy.exitCode()).isEqualTo(2);
        assertThat(busy.err()).contains("is not empty").contains("--force");

        Files.writeString(other.resolve("page-99.html"), "an earlier, longer report");
        Cli.Result forced = Cli.runIn(dir, "report", Long.toString(run), "--html", other.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(other.resolve("index.html")).isRegularFile();
        assertThat(other.resolve("page-99.html")).as("a page of an earlier report goes").doesNotExist();
        assertThat(other.resolve("notes.txt")).as("what is not the report's stays").isRegularFile();
        assertThat(forced.out()).contains("(1 page, ");

        Cli.Result unknown = Cli.runIn(dir, "report", "999999", "--html", dir.resolve("none").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run 999999");
    }

    /** A real browser loads every thumbnail of the first page, offline, and draws something. */
    @Test
    void aBrowserShowsEveryPictureOfTheFirstPage() throws Exception {
        assertThat(reported.exitCode()).as(reported.toString()).isZero();
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "no Chromium on this machine: none of chromium, chromium-browser, "
                + "google-chrome is on the PATH, so the real-browser check of the HTML report is skipped "
                + "(apt-get install chromium to run it)");
        String url = report.resolve("index.html").toUri().toString();
        Path screenshot = dir.resolve("report.png");
        browse(chromium, "--screenshot=" + screenshot, "--window-size=1280,2000", url);
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertThat(shot).as("a PNG screenshot").isNotNull();
        assertThat(colours(shot)).as("distinct colours in the screenshot: not blank").isGreaterThan(20);

        String dom = browse(chromium, "--dump-dom", "--virtual-time-budget=5000", url);
        Matcher loaded = Pattern.compile("data-images=\"(\\d+)\" data-images-loaded=\"(\\d+)\"").matcher(dom);
        assertThat(loaded.find()).as(dom).isTrue();
        assertThat(Integer.parseInt(loaded.group(1))).isPositive();
        assertThat(loaded.group(2)).as("images with naturalWidth > 0").isEqualTo(loaded.group(1));
    }

    private Map<String, String> pages(int pages) throws Exception {
        Map<String, String> html = new LinkedHashMap<>();
        for (int p = 1; p <= pages; p++) {
            String name = p == 1 ? "index.html" : "page-" + p + ".html";
            assertThat(report.resolve(name)).isRegularFile();
            html.put(name, Files.readString(report.resolve(name)));
        }
        return html;
    }

    private static List<String> attributes(String html, String name) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(html);
        while (m.find()) values.add(m.group(1).replace("&amp;", "&"));
        return values;
    }

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome"))
            for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, name))) return Path.of(folder, name).toString();
        return null;
    }

    private static String browse(String chromium, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Process browser = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(browser.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(browser.exitValue()).as(String.join(" ", command)).isZero();
        return Files.readString(out);
    }

    private static int colours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4)
            for (int x = 0; x < image.getWidth(); x += 4) colours.add(image.getRGB(x, y));
        return colours.size();
    }

    private static Path spec(Path dir) throws Exception {
        Manifests.write(dir, 0);
        List<String> lines = new ArrayList<>(List.of("item_key,images,prompt"));
        for (int i = 0; i < ROWS; i++)
            lines.add("row-" + i + ",images/in-" + (i % 4) + ".png," + (i == 3 ? SCRIPT_PROMPT : "report test " + i));
        lines.add("row-missing,images/not-there.png,report test missing");
        lines.add("row-gone," + GONE_INPUT + ",report test gone");
        Files.write(dir.resolve("manifest.csv"), lines);
        Path spec = Manifests.spec(dir, "report-test", """
                name: fal
                max-in-flight: 8
                requests-per-second: 500
                poll-min: 50ms""", "retouch-report");
        Files.writeString(spec, Files.readString(spec) + """
                simulator:
                  latency: "fixed:100ms"
                  concurrency: 8
                  faults: "task-failed=0.3,content-blocked=0.2"
                """);
        return spec;
    }
}
