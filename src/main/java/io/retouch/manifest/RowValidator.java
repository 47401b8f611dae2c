package io.retouch.manifest;

import static io.retouch.manifest.ManifestColumns.*;

import io.retouch.spec.JobSpec;
import io.retouch.storage.ObjectStore;
import io.retouch.storage.OutputKeys;
import io.retouch.task.NewTask;
import io.retouch.task.TaskRequest;
import io.retouch.provider.Capabilities;
import io.retouch.provider.EditRequest;
import io.retouch.provider.EditVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a manifest row into a task, or into a rejection that names the line and the reason.
 * Checks everything that can be known before paying: fields, overrides, which vendor serves the row
 * (and that it can), and that each input exists. Local inputs are staged into the bucket here.
 */
public class RowValidator implements ItemProcessor<ManifestRow, IngestItem> {

    private static final Pattern ITEM_KEY_FORMAT = Pattern.compile("[A-Za-z0-9._/-]{1,200}");

    private final long runId;
    private final JobSpec spec;
    private final VendorRouter router;
    private final InputResolver inputs;

    /**
     * @param capabilities what each of the spec's vendors accepts, by name
     * @param alreadyRouted rows per vendor ingested before, so a restarted ingest keeps the shares
     */
    public RowValidator(long runId, JobSpec spec, Function<String, Capabilities> capabilities,
                        Map<String, Long> alreadyRouted, InputStager stager, ObjectStore store) {
        this.runId = runId;
        this.spec = spec;
        this.router = new VendorRouter(spec.vendors(), capabilities, alreadyRouted);
        this.inputs = new InputResolver(spec.manifest().inputBase(spec.specFile()), spec.output().bucket(), stager, store);
    }

    @Override
    public IngestItem process(ManifestRow row) {
        if (row.isBlank()) return null;
        String itemKey = row.field(ITEM_KEY);
        try {
            if (row.problem() != null) throw new RowException(row.problem());
            String key = checkItemKey(itemKey);
            TaskRequest asked = request(row);
            // routed before the inputs are checked and staged: a row no vendor can serve uploads nothing
            VendorRouter.Route route = router.route(new EditRequest(asked.prompt(), asked.inputs(),
                    asked.aspectRatio(), asked.resolution(), asked.outputFormat(), asked.numImages(),
                    asked.seed()), row.field(VENDOR));
            TaskRequest request = new TaskRequest(asked.prompt(), asked.inputs().stream().map(inputs::resolve).toList(),
                    asked.aspectRatio(), asked.resolution(), asked.outputFormat(),
                    route.parts() > 1 ? 1 : asked.numImages(), asked.seed());
            return new IngestItem.Accepted(new NewTask(runId, key, row.lineNo(), route.vendor(), request, route.parts()));
        } catch (RowException e) {
            return new IngestItem.Rejected(runId, row.lineNo(), itemKey, e.getMessage());
        }
    }

    private TaskRequest request(ManifestRow row) {
        String prompt = row.field(PROMPT);
        if (prompt == null) throw new RowException("prompt is empty");
        JobSpec.Defaults d = spec.defaults();
        String aspect = choice(row, ASPECT_RATIO, d.aspectRatio(), EditVocabulary.ASPECT_RATIOS, String::trim);
        String resolution = choice(row, RESOLUTION, d.resolution(), EditVocabulary.RESOLUTIONS, EditVocabulary::normalizeResolution);
        String format = choice(row, OUTPUT_FORMAT, d.outputFormat(), EditVocabulary.OUTPUT_FORMATS, EditVocabulary::normalizeFormat);
        long numImages = number(row, NUM_IMAGES, d.numImages());
        if (numImages < 1 || numImages > EditVocabulary.MAX_NUM_IMAGES)
            throw new RowException("num_images " + numImages + " is outside 1.." + EditVocabulary.MAX_NUM_IMAGES);
        Long seed = row.field(SEED) == null ? d.seed() : Long.valueOf(number(row, SEED, 0));
        return new TaskRequest(prompt, inputs(row.field(IMAGES)), aspect, resolution, format, (int) numImages, seed);
    }

    /** The key becomes part of the output keys, so two keys must never name one object (see OutputKeys.pathProblem). */
    private static String checkItemKey(String key) {
        if (key == null) throw new RowException("item_key is empty");
        if (!ITEM_KEY_FORMAT.matcher(key).matches() || key.contains(".."))
            throw new RowException("item_key '" + key + "' must be 1-200 letters, digits, '.', '_', '-' or '/', without '..'");
        String problem = OutputKeys.pathProblem(key);
        if (problem != null)
            throw new RowException("item_key '" + key + "' " + problem + "; a key is names joined by single '/', none of them '.'");
        return key;
    }

    /** Inputs as written, separated by '|'; each is checked (and staged) by {@link InputResolver} once the row is routed. */
    private static List<String> inputs(String field) {
        if (field == null) throw new RowException("images is empty");
        List<String> inputs = new ArrayList<>();
        for (String raw : field.split("\\|", -1)) {
            String input = raw.trim();
            if (input.isEmpty()) throw new RowException("images has an empty entry");
            inputs.add(input);
        }
        return inputs;
    }

    private static String choice(ManifestRow row, String column, String fallback, List<String> allowed,
                                 java.util.function.Function<String, String> normalize) {
        String raw = row.field(column);
        if (raw == null) return fallback;
        String value = normalize.apply(raw);
        if (value == null || !allowed.contains(value))
            throw new RowException(column + " '" + raw + "' is not one of " + allowed);
        return value;
    }

    private static long number(ManifestRow row, String column, long fallback) {
        String raw = row.field(column);
        if (raw == null) return fallback;
        try {
            long v = Long.parseLong(raw);
            if (v < 0) throw new RowException(column + " must not be negative, got " + v);
            return v;
        } catch (NumberFormatException e) {
            throw new RowException(column + " '" + raw + "' is not a whole number");
        }
    }

    /** A row-level problem: rejects the row, never the run. */
    static final class RowException extends RuntimeException {
        RowException(String message) {
            super(message);
        }
    }
}
