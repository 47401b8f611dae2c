package io.retouch.sim;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Stands in for the model: renders a completed request's outputs the first time anyone needs them
 * and keeps them in the state dir, so a result fetched twice, or after a restart, returns the same
 * bytes. An output is a real image of the requested geometry and format whose look depends only on
 * the inputs, the prompt and the output index: the inputs blended with equal weight, scaled to
 * cover the target and centre-cropped, under a prompt-derived colour tint and a band with the
 * prompt text that make the "edit" visible. Plain outputs ({@code -Dretouch.sim.render=plain}) are
 * a tint alone that depends only on the output index: one file per geometry, format and index, drawn
 * once and shared by every request that asks for it.
 */
public final class OutputRenderer {

    /** One rendered output as listed in the fal result. */
    public record OutputFile(Path path, String contentType, int width, int height, long size) {}

    /** Longer prompts cannot fit a band anyway; cutting early keeps the fitting loop short. */
    private static final int MAX_BAND_CHARS = 200;

    /** A 4K RGB canvas is 64 MB; rendering at most one per core keeps the heap modest. */
    private final Semaphore renderPermits = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    /** Striped so two fetches of the same output never render it twice, without a lock per output. */
    private final ReentrantLock[] outputLocks = Stream.generate(ReentrantLock::new).limit(64)
            .toArray(ReentrantLock[]::new);
    private final SimRequestStore store;
    private final boolean plain;

    /**
     * {@code plain}: outputs are a tint alone, of the ordered geometry and format, without the inputs or
     * the prompt's band, drawn once for all requests. A 1K output then costs nothing after the first, not
     * about 100 ms of CPU: the dispatch benchmark (bench/) measures Retouch, not the simulator's drawing.
     */
    public OutputRenderer(SimRequestStore store, boolean plain) {
        this.store = store;
        this.plain = plain;
    }

    /** Plain when the JVM runs with {@code -Dretouch.sim.render=plain}, else drawn from the inputs. */
    public static OutputRenderer forThisJvm(SimRequestStore store) {
        return new OutputRenderer(store, "plain".equals(System.getProperty("retouch.sim.render")));
    }

    public List<OutputFile> outputs(SimRequest request) throws IOException, InterruptedException {
        EditParams params = request.params();
        List<Path> inputs = IntStream.range(0, request.inputCount()).mapToObj(i -> store.inputFile(request.id(), i))
                .toList();
        Dimension size = geometry(params, inputs.getFirst());
        List<OutputFile> outputs = new ArrayList<>();
        for (int n = 0; n < params.numImages(); n++) {
            Path file = plain ? store.plainOutputFile(size.width, size.height, n, params.outputFormat())
                    : store.outputFile(request.id(), n, params.outputFormat());
            renderOnce(file, params, inputs, n, size);
            outputs.add(new OutputFile(file, params.contentType(), size.width, size.height, Files.size(file)));
        }
        return outputs;
    }

    private void renderOnce(Path file, EditParams params, List<Path> inputs, int index, Dimension size)
            throws IOException, InterruptedException {
        if (Files.exists(file)) return;
        ReentrantLock lock = outputLocks[Math.floorMod(file.hashCode(), outputLocks.length)];
        lock.lockInterruptibly();
        try {
            if (Files.exists(file)) return;
            renderPermits.acquire();
            try {
                if (plain) renderPlain(params.outputFormat(), index, size, file);
                else render(params, inputs, index, size, file);
            } finally {
                renderPermits.release();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Size of the output; reads only the first input's header, and only for {@code auto}, the one
     * aspect ratio that takes the input's.
     */
    static Dimension geometry(EditParams params, Path firstInput) throws IOException {
        Dimension input = params.aspectRatio().equals("auto")
                ? withReader(firstInput, reader -> new Dimension(reader.getWidth(0), reader.getHeight(0)))
                : new Dimension(0, 0);
        return ImageGeometry.size(params.aspectRatio(), params.resolution(), input.width, input.height);
    }

    static void render(EditParams params, List<Path> inputs, int index, Dimension size, Path target)
            throws IOException {
        // RGB without alpha: the JPEG writer rejects alpha, and none of the formats need it here.
        BufferedImage canvas = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int i = 0; i < inputs.size(); i++) {
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 1f / (i + 1)));
                drawCovering(g, decodeAtLeast(inputs.get(i), size), size);
            }
            tint(g, Math.floorMod(params.prompt().hashCode(), 360) / 360f + index * 0.07f, size);
            drawPromptBand(g, params.prompt() + "  #" + (index + 1), size);
        } finally {
            g.dispose();
        }
        write(canvas, params.outputFormat(), target);
    }

    /** A plain output: the tint of output {@code index} alone, the same for every request. */
    static void renderPlain(String format, int index, Dimension size, Path target) throws IOException {
        BufferedImage canvas = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            tint(g, index * 0.07f, size);
        } finally {
            g.dispose();
        }
        write(canvas, format, target);
    }

    private static void tint(Graphics2D g, float hue, Dimension size) {
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
        g.setColor(Color.getHSBColor(hue, 0.7f, 0.9f));
        g.fillRect(0, 0, size.width, size.height);
    }

    private static void write(BufferedImage canvas, String format, Path target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(canvas, format, bytes))
            throw new IOException("No ImageIO writer for " + format);
        SimRequestStore.writeAtomically(target, bytes.toByteArray());
    }

    private static void drawCovering(Graphics2D g, BufferedImage image, Dimension size) {
        double scale = Math.max((double) size.width / image.getWidth(), (double) size.height / image.getHeight());
        int width = (int) Math.ceil(image.getWidth() * scale);
        int height = (int) Math.ceil(image.getHeight() * scale);
        g.drawImage(image, (size.width - width) / 2, (size.height - height) / 2, width, height, null);
    }

    private static void drawPromptBand(Graphics2D g, String text, Dimension size) {
        int bandHeight = Math.max(16, size.height / 12);
        int bandTop = size.height - bandHeight;
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.65f));
        g.setColor(Color.BLACK);
        g.fillRect(0, bandTop, size.width, bandHeight);
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(Color.WHITE);
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, bandHeight / 2)));
            FontMetrics metrics = g.getFontMetrics();
            int margin = bandHeight / 3;
            String shown = text.length() > MAX_BAND_CHARS ? text.substring(0, MAX_BAND_CHARS) : text;
            while (shown.length() > 1 && metrics.stringWidth(shown) > size.width - 2 * margin) {
                shown = shown.substring(0, shown.length() - 2) + "…";
            }
            g.drawString(shown, margin, bandTop + (bandHeight + metrics.getAscent() - metrics.getDescent()) / 2);
        } catch (InternalError | UnsatisfiedLinkError e) {
            // A headless host without fonts (no fontconfig/freetype) cannot draw text; the band and
            // tint still make the edit visible, so the output stays usable.
        }
    }

    /** Subsamples while decoding so a huge input never occupies more memory than the output needs. */
    private static BufferedImage decodeAtLeast(Path file, Dimension size) throws IOException {
        return withReader(file, reader -> {
            int subsampling = Math.max(1, Math.min(reader.getWidth(0) / size.width,
                    reader.getHeight(0) / size.height));
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            return reader.read(0, param);
        });
    }

    private interface ReaderAction<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderAction<T> action) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext())
                throw new IOException("No image reader for " + file);
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return action.apply(reader);
            } finally {
                reader.dispose();
            }
        }
    }
}
