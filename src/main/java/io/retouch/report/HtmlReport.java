package io.retouch.report;

import io.retouch.run.RunReport;
import io.retouch.run.RunReports;
import io.retouch.run.TaskListing;
import io.retouch.run.TaskListing.TaskRow;
import io.retouch.storage.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Writes the HTML report of a run into a folder: index.html (summary, failures, rejected rows and
 * the first page of the contact sheet), page-2.html … for the rest, and the thumbnails under thumbs/.
 */
@Component
public class HtmlReport {

    /** Where the report is: its first page, how many pages, how many thumbnails were made. */
    public record Written(Path index, int pages, int thumbnails) {}

    private final RunReports reports;
    private final TaskListing listing;
    private final TaskInputs inputs;
    private final ObjectStore store;

    HtmlReport(RunReports reports, TaskListing listing, TaskInputs inputs, ObjectStore store) {
        this.reports = reports;
        this.listing = listing;
        this.inputs = inputs;
        this.store = store;
    }

    /** Fails with IllegalArgumentException for an unknown run, before writing anything. */
    public Written write(long runId, Path dir, int pageSize) throws IOException {
        if (pageSize < 1) throw new IllegalArgumentException("--page-size must be 1 or more, not " + pageSize);
        RunReport report = reports.of(runId);
        List<TaskRow> tasks = listing.of(runId, new TaskListing.Filter(Set.of(), Set.of(), Set.of()));
        Map<Long, List<String>> inputsByTask = inputs.of(runId);
        int pages = Math.max(1, (tasks.size() + pageSize - 1) / pageSize);
        Map<Long, Integer> pageOf = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) pageOf.put(tasks.get(i).task(), i / pageSize + 1);

        Files.createDirectories(dir);
        String title = "Run " + runId + ": " + report.job();
        try (ImageSource source = new ImageSource(store)) {
            Thumbs thumbs = new Thumbs(dir, source);
            for (int page = 1; page <= pages; page++) {
                int from = (page - 1) * pageSize;
                List<ContactSheet.Entry> entries = new ArrayList<>();
                for (TaskRow t : tasks.subList(from, Math.min(tasks.size(), from + pageSize)))
                    entries.add(new ContactSheet.Entry(t, pictures(inputsByTask.getOrDefault(t.task(), List.of()), thumbs),
                            pictures(t.outputs(), thumbs)));
                String body = (page == 1 ? SummarySection.of(report, tasks,
                        t -> PageWriter.fileName(pageOf.get(t.task())) + "#" + ContactSheet.anchor(t)) : "")
                        + ContactSheet.of(entries, from + 1, tasks.size());
                Files.writeString(dir.resolve(PageWriter.fileName(page)), PageWriter.page(title, page, pages, body),
                        StandardCharsets.UTF_8);
            }
            return new Written(dir.resolve(PageWriter.fileName(1)), pages, thumbs.written());
        }
    }

    private static List<Thumbs.Picture> pictures(List<String> uris, Thumbs thumbs) {
        return uris.stream().map(thumbs::of).toList();
    }
}
