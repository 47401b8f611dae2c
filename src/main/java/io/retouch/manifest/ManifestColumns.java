package io.retouch.manifest;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.batch.infrastructure.item.file.transform.DelimitedLineTokenizer;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/** The manifest's columns. A bad header is a problem of the whole manifest, found before anything is spent. */
public final class ManifestColumns {

    public static final String ITEM_KEY = "item_key";
    public static final String IMAGES = "images";
    public static final String PROMPT = "prompt";
    public static final String ASPECT_RATIO = "aspect_ratio";
    public static final String RESOLUTION = "resolution";
    public static final String OUTPUT_FORMAT = "output_format";
    public static final String NUM_IMAGES = "num_images";
    public static final String SEED = "seed";
    /** Optional: sends the row to one of the spec's vendors instead of the routing's choice. */
    public static final String VENDOR = "vendor";

    static final List<String> REQUIRED = List.of(ITEM_KEY, IMAGES, PROMPT);
    static final Set<String> KNOWN = Set.of(ITEM_KEY, IMAGES, PROMPT, ASPECT_RATIO, RESOLUTION, OUTPUT_FORMAT, NUM_IMAGES, SEED, VENDOR);

    private ManifestColumns() {
    }

    /** Splits a header line into column names, lower-cased. */
    static List<String> parse(String headerLine) {
        DelimitedLineTokenizer tokenizer = new DelimitedLineTokenizer();
        tokenizer.setStrict(false);
        List<String> names = new ArrayList<>();
        for (String name : tokenizer.tokenize(stripBom(headerLine)).getValues()) names.add(name.trim().toLowerCase());
        return names;
    }

    /** Problems with the manifest's header; empty when it can be ingested. */
    public static List<String> check(Path manifest) {
        return check(new FileSystemResource(manifest), manifest.toString());
    }

    /** The same for a CSV anywhere a {@link Resource} reads: only its first line is read. */
    static List<String> check(Resource manifest, String name) {
        // read as the rows are: bytes that are not UTF-8 further down are a problem of their row only
        try (BufferedReader in = Utf8Text.open(manifest.getInputStream())) {
            String header = in.readLine();
            if (header == null || header.isBlank()) return List.of(name + ": is empty; the first line must name the columns");
            int bad = Utf8Text.firstBad(stripBom(header));
            if (bad >= 0) return List.of(name + ": " + Utf8Text.position(stripBom(header), bad, 1)
                    + ": bytes that are not UTF-8; save the manifest as UTF-8");
            return problems(parse(header), name + ": line 1");
        } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
            return List.of(name + ": " + (manifest.isFile() || e.getMessage() == null ? "not found" : e.getMessage()));
        } catch (IOException e) {
            return List.of(name + ": cannot read it: " + e.getMessage());
        }
    }

    /** Problems with the column names of a manifest, each starting with {@code where}. */
    static List<String> problems(List<String> names, String where) {
        List<String> problems = new ArrayList<>();
        for (String required : REQUIRED)
            if (!names.contains(required)) problems.add(where + ": missing column '" + required + "'");
        for (String name : names)
            if (!KNOWN.contains(name)) problems.add(where + ": unknown column '" + name + "' (known: " + KNOWN.stream().sorted().toList() + ")");
        if (names.stream().distinct().count() != names.size()) problems.add(where + ": a column is named twice");
        return problems;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
