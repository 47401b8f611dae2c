package io.retouch.cli;

import io.retouch.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", description = {"Write an HTML report of a run that opens offline: summary, latency, failures "
        + "by cause, rejected rows, and a before/after contact sheet of every task with thumbnails."})
class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (see `retouch runs`)")
    long runId;

    @Option(names = "--html", required = true, paramLabel = "DIR",
            description = "The folder to write index.html, page-N.html and thumbs/ into; made if missing")
    Path dir;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
            description = "Tasks per page of the contact sheet (default: ${DEFAULT-VALUE})")
    int pageSize;

    @Option(names = "--force", description = "Write into DIR even if it is not empty, replacing an earlier report there")
    boolean force;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (pageSize < 1) throw new IllegalArgumentException("--page-size must be 1 or more, not " + pageSize);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is a file, not a folder");
        if (!force && !isEmpty(dir))
            throw new IllegalArgumentException(dir + " is not empty; choose another folder, or --force to write into it");
        PrintWriter out = command.commandLine().getOut();
        // S3 as well as the database: the thumbnails are made from the stored inputs and outputs
        try (ConfigurableApplicationContext app = AppContext.open()) {
            HtmlReport html = app.getBean(HtmlReport.class);
            if (force) removeEarlierReport(dir);
            HtmlReport.Written written = html.write(runId, dir, pageSize);
            out.printf("Report of run %d: %s (%d %s, %d %s)%n", runId, written.index(), written.pages(),
                    written.pages() == 1 ? "page" : "pages", written.thumbnails(),
                    written.thumbnails() == 1 ? "thumbnail" : "thumbnails");
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Only what a report writes: pages of a longer earlier report would otherwise stay and link to
     * old thumbnails, but DIR may hold other files of the operator's, which are not ours to delete.
     */
    private static void removeEarlierReport(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(dir, "{index.html,page-*.html}")) {
            for (Path page : pages) Files.delete(page);
        }
        Path thumbs = dir.resolve("thumbs");
        if (!Files.isDirectory(thumbs)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(thumbs, "*.jpg")) {
            for (Path file : files) Files.delete(file);
        }
    }
}
