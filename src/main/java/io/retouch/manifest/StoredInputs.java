package io.retouch.manifest;

import java.nio.file.Path;
import java.util.Set;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Finds, before a run is recorded, a manifest row whose inputs would go through the S3 store (a
 * local file or an {@code s3://} object, anything but an http(s) URL) and that may be sent to one of
 * some vendors. Streams the file and stops at the first such row.
 */
public final class StoredInputs {

    /** Line {@code lineNo}'s input {@code input} goes through the store. */
    public record Found(long lineNo, String input) {}

    private StoredInputs() {
    }

    /**
     * The first row with a stored input that may go to one of {@code vendors}: a row naming its
     * vendor goes to that one only; any other may be routed to any vendor of the spec.
     */
    public static Found first(Path manifest, Set<String> vendors) {
        return first(CsvManifestReader.open(manifest), vendors);
    }

    /** The same over any manifest reader, which is opened and closed here. */
    public static Found first(ItemStreamReader<ManifestRow> reader, Set<String> vendors) {
        reader.open(new ExecutionContext());
        try {
            for (ManifestRow row = reader.read(); row != null; row = reader.read()) {
                if (row.problem() != null || row.isBlank() || row.field(ManifestColumns.IMAGES) == null) continue;
                String vendor = row.field(ManifestColumns.VENDOR);
                if (vendor != null && !vendors.contains(vendor)) continue;
                for (String raw : row.field(ManifestColumns.IMAGES).split("\\|")) {
                    String input = raw.trim();
                    if (!input.isEmpty() && !input.startsWith("http://") && !input.startsWith("https://"))
                        return new Found(row.lineNo(), input);
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the manifest: " + e.getMessage(), e);
        } finally {
            reader.close();
        }
    }
}
