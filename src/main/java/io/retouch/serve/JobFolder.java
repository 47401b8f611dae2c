package io.retouch.serve;

import io.retouch.spec.JobSpec;
import io.retouch.spec.JobSpecLoader;
import io.retouch.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The job specs of a folder as serve reads them once at start: those with a schedule, those
 * without (run by hand only), and those refused with their problems, which serve reports and skips.
 */
public record JobFolder(List<ScheduledJob> scheduled, List<Path> unscheduled, Map<Path, String> refused) {

    public static JobFolder read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--jobs " + dir + ": no such folder");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        List<ScheduledJob> scheduled = new ArrayList<>();
        List<Path> unscheduled = new ArrayList<>();
        Map<Path, String> refused = new java.util.LinkedHashMap<>();
        Map<String, Path> byName = new HashMap<>();
        for (Path file : files) {
            JobSpec spec;
            try {
                spec = new JobSpecLoader().load(file);
            } catch (SpecException e) {
                refused.put(file, file + ": " + String.join("; ", e.problems()));
                continue;
            }
            if (spec.schedule() == null) {
                unscheduled.add(file);
            } else if (byName.putIfAbsent(spec.name(), file) != null) {
                // one firing row per job name and instant: two specs of one name would share it
                refused.put(file, file + ": name '" + spec.name() + "' is also the name of " + byName.get(spec.name()));
            } else {
                scheduled.add(ScheduledJob.of(spec));
            }
        }
        return new JobFolder(List.copyOf(scheduled), List.copyOf(unscheduled), refused);
    }
}
