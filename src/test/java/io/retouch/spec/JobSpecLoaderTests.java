package io.retouch.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A bad spec fails at load, before anything is spent, naming every bad field (DESIGN §3.7). */
class JobSpecLoaderTests {

    private static final String MINIMAL = """
            name: nightly
            manifest: manifest.csv
            vendor:
              name: fal
            output:
              bucket: catalog-edits
            """;

    @TempDir
    Path dir;

    private final JobSpecLoader loader = new JobSpecLoader();

    @BeforeEach
    void manifestBesideTheSpec() throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "item_key,images,prompt\n");
    }

    private Path spec(String yaml) throws IOException {
        return Files.writeString(dir.resolve("job.yaml"), yaml);
    }

    private SpecException failure(String yaml) throws IOException {
        Path file = spec(yaml);
        SpecException e = catchThrowableOfType(SpecException.class, () -> loader.load(file));
        assertThat(e).as("spec should have been refused:%n%s", yaml).isNotNull();
        return e;
    }

    @Test
    void theDemoSpecLoadsWithItsValues() {
        JobSpec spec = loader.load(Path.of("jobs/demo.yaml"));

        assertThat(spec.name()).isEqualTo("demo");
        assertThat(spec.specFile()).isEqualTo(Path.of("jobs/demo.yaml").toAbsolutePath().normalize());
        assertThat(spec.manifest()).isEqualTo(new Manifest.CsvFile(Path.of("jobs/demo/manifest.csv").toAbsolutePath().normalize()));
        assertThat(spec.defaults()).isEqualTo(new JobSpec.Defaults("1:1", "1K", "png", 1, null));
        assertThat(spec.vendors()).containsExactly(new JobSpec.Vendor("fal", null, 1, 0, 4, 100.0,
                JobSpec.InDoubtPolicy.HOLD, Duration.ofMinutes(5), 5, Duration.ofMillis(100), "fal", null));
        assertThat(spec.simulator()).isEqualTo(new JobSpec.Simulator("lognormal:mean=2s,sd=400ms", 4, ""));
        assertThat(spec.output()).isEqualTo(new JobSpec.Output("retouch-demo", "{job}/{run}/{item}/{index}.{ext}"));
        assertThat(spec.simulated()).isTrue();
    }

    @Test
    void absentFieldsGetTheirDefaults() throws IOException {
        JobSpec spec = loader.load(spec(MINIMAL));

        assertThat(spec.manifest()).isEqualTo(new Manifest.CsvFile(dir.resolve("manifest.csv").toAbsolutePath().normalize()));
        assertThat(spec.defaults()).isEqualTo(new JobSpec.Defaults("auto", "1K", "png", 1, null));
        assertThat(spec.vendors()).containsExactly(new JobSpec.Vendor("fal", null, 1, 0, 4, 10.0,
                JobSpec.InDoubtPolicy.HOLD, Duration.ofMinutes(15), 5, null, "fal", null));
        assertThat(spec.simulator()).isNull();
        assertThat(spec.output()).isEqualTo(new JobSpec.Output("catalog-edits", "{job}/{run}/{item}/{index}.{ext}"));
        assertThat(spec.simulated()).isFalse();
    }

    @Test
    void valuesAreNormalisedAsPeopleWriteThem() throws IOException {
        JobSpec spec = loader.load(spec("""
                name: nightly.v2
                manifest: ./manifest.csv
                defaults:
                  aspect-ratio: "16:9"
                  resolution: 2k
                  output-format: JPG
                  num-images: 4
                  seed: 42
                vendor:
                  name: fal
                  base-url: http://localhost:9000/fal
                  max-in-flight: 32
                  requests-per-second: 2.5
                  in-doubt: RESUBMIT
                  task-timeout: 2h
                  max-attempts: 1
                  poll-min: 250ms
                output:
                  bucket: catalog-edits
                  key: "edits/{item}-{index}.{ext}"
                """));

        assertThat(spec.name()).isEqualTo("nightly.v2");
        assertThat(spec.manifest()).isEqualTo(new Manifest.CsvFile(dir.resolve("manifest.csv").toAbsolutePath().normalize()));
        assertThat(spec.defaults()).isEqualTo(new JobSpec.Defaults("16:9", "2K", "jpeg", 4, 42L));
        assertThat(spec.vendors()).containsExactly(new JobSpec.Vendor("fal", URI.create("http://localhost:9000/fal"),
                1, 0, 32, 2.5, JobSpec.InDoubtPolicy.RESUBMIT, Duration.ofHours(2), 1, Duration.ofMillis(250), "fal", null));
        assertThat(spec.output().keyTemplate()).isEqualTo("edits/{item}-{index}.{ext}");
    }

    @Test
    void theManifestIsFoundRelativeToTheSpecNotTheWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/rows.csv"), "item_key,images,prompt\n");

        JobSpec spec = loader.load(spec(MINIMAL.replace("manifest.csv", "data/rows.csv")));

        assertThat(spec.manifest()).isEqualTo(new Manifest.CsvFile(dir.resolve("data/rows.csv").toAbsolutePath()));
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                bad("vendor.max-in-flight", "between 1 and 1000", "vendor:\n  name: fal\n  max-in-flight: 0\n"),
                bad("vendor.max-in-flight", "not a whole number", "vendor:\n  name: fal\n  max-in-flight: lots\n"),
                bad("vendor.max-in-flight", "not a whole number", "vendor:\n  name: fal\n  max-in-flight: 2.5\n"),
                bad("vendor.max-attempts", "between 1 and 100", "vendor:\n  name: fal\n  max-attempts: 0\n"),
                bad("vendor.queue-ahead", "mulerun refuses work beyond its concurrency instead of queueing it",
                        "vendor:\n  name: mulerun\n  queue-ahead: 2\n"),
                bad("vendor.queue-ahead", "between 0 and 1000", "vendor:\n  name: fal\n  queue-ahead: -1\n"),
                bad("vendor.push", "'sometimes' is not one of [true, false]", "vendor:\n  name: fal\n  push: sometimes\n"),
                bad("vendor.requests-per-second", "above 0", "vendor:\n  name: fal\n  requests-per-second: 0\n"),
                bad("vendor.requests-per-second", "at most 10000", "vendor:\n  name: fal\n  requests-per-second: 20000\n"),
                bad("vendor.requests-per-second", "fast", "vendor:\n  name: fal\n  requests-per-second: fast\n"),
                bad("vendor.name", "'midjourney' is not one of [", "vendor:\n  name: midjourney\n"),
                bad("vendor.name", "is required", "vendor:\n  max-in-flight: 2\n"),
                bad("vendor.in-doubt", "'maybe' is not one of [hold, resubmit]", "vendor:\n  name: fal\n  in-doubt: maybe\n"),
                bad("vendor.task-timeout", "'10 minutes' is not a duration", "vendor:\n  name: fal\n  task-timeout: 10 minutes\n"),
                bad("vendor.task-timeout", "'1.5h' is not a duration", "vendor:\n  name: fal\n  task-timeout: 1.5h\n"),
                bad("vendor.poll-min", "'fast' is not a duration", "vendor:\n  name: fal\n  poll-min: fast\n"),
                bad("vendor.base-url", "not an http(s) URL", "vendor:\n  name: fal\n  base-url: ftp://files.example.com\n"),
                bad("vendor.max-inflight", "unknown field", "vendor:\n  name: fal\n  max-inflight: 3\n"),
                bad("vendor", "must be a mapping", "vendor: fal\n"),
                bad("defaults.aspect-ratio", "'7:3' is not one of", "defaults:\n  aspect-ratio: \"7:3\"\n"),
                bad("defaults.resolution", "'8K' is not one of [1K, 2K, 4K]", "defaults:\n  resolution: 8K\n"),
                bad("defaults.output-format", "'gif' is not one of [png, jpeg, webp]", "defaults:\n  output-format: gif\n"),
                bad("defaults.num-images", "between 1 and 4", "defaults:\n  num-images: 5\n"),
                bad("defaults.seed", "between 0 and", "defaults:\n  seed: -1\n"),
                bad("defaults.seed", "not a whole number", "defaults:\n  seed: random\n"),
                bad("defaults.size", "unknown field", "defaults:\n  size: 2K\n"),
                bad("output.bucket", "not a valid S3 bucket name", "output:\n  bucket: Catalog_Edits\n"),
                bad("output.bucket", "not a valid S3 bucket name", "output:\n  bucket: ab\n"),
                bad("output.bucket", "is required", "output:\n  key: \"{item}/{index}.{ext}\"\n"),
                bad("output.key", "must contain {item} and {index}", "output:\n  bucket: catalog-edits\n  key: \"{job}/{index}.{ext}\"\n"),
                bad("output.key", "must contain {item} and {index}", "output:\n  bucket: catalog-edits\n  key: \"{job}/{item}.{ext}\"\n"),
                bad("output.key", "unknown placeholder {date}", "output:\n  bucket: catalog-edits\n  key: \"{date}/{item}/{index}.{ext}\"\n"),
                bad("output.key", "must not start with '/'", "output:\n  bucket: catalog-edits\n  key: \"/{item}/{index}.{ext}\"\n"),
                missing("output"),
                bad("name", "must be letters, digits", "name: my job\n"),
                missing("name"),
                bad("manifest", "not found", "manifest: missing.csv\n"),
                missing("manifest"),
                missing("vendor"),
                bad("vendors", "give either 'vendor' (one) or 'vendors' (a list), not both", "vendors:\n  - name: fal\n"),
                bad("vendor.share", "between 1 and 1000", "vendor:\n  name: fal\n  share: 0\n"),
                bad("vendor.priority", "between 0 and 100", "vendor:\n  name: fal\n  priority: -1\n"),
                bad("skip-unchanged", "'yes please' is not one of [true, false]", "skip-unchanged: yes please\n"),
                bad("reused-outputs", "'move' is not one of [copy, reference]", "skip-unchanged: true\nreused-outputs: move\n"),
                bad("reused-outputs", "only applies with skip-unchanged: true", "reused-outputs: reference\n"),
                bad("vendor.account", "must be letters, digits", "vendor:\n  name: fal\n  account: team key\n"),
                bad("partitions", "between 1 and 256", "partitions: 0\n"),
                bad("partitions", "cannot use the simulator: section", "partitions: 2\nsimulator:\n  concurrency: 4\n"),
                bad("budget", "'lots' is not an amount in US dollars", "budget: lots\n"),
                bad("budget", "must be above 0", "budget: 0\n"),
                bad("budget", "more than 4 decimals", "budget: 1.000001\n"),
                bad("budget", "cannot be kept: vendor 'mulerun' has no published price; give what it charges you under that vendor, "
                        + "as 'price-per-image: 0.10'", "budget: 20\nvendor:\n  name: mulerun\n"),
                bad("budget", "cannot be kept: vendor 'mulerun' has no published price at 4K",
                        "budget: 20\nvendor:\n  name: mulerun\n  price-per-image: {1K: 0.10, 2K: 0.10}\n"),
                bad("vendor.daily-budget", "cannot be kept: vendor 'kie' has no published price",
                        "vendor:\n  name: kie\n  daily-budget: 50\n"),
                bad("vendor.price-per-image.8K", "unknown field", "vendor:\n  name: fal\n  price-per-image: {8K: 0.5}\n"),
                bad("vendor.price-per-image", "must be above 0", "vendor:\n  name: fal\n  price-per-image: -0.15\n"),
                bad("vendor.daily-cap", "between 1 and 10000000", "vendor:\n  name: fal\n  daily-cap: 0\n"));
    }

    private static Arguments bad(String field, String message, String override) {
        return Arguments.of(field, message, with(override));
    }

    private static Arguments missing(String field) {
        return Arguments.of(field, "is required", without(field));
    }

    /** The minimal spec with each top-level section of {@code override} put in place of (or beside) its own. */
    static String with(String override) {
        Map<String, String> sections = sections(MINIMAL);
        sections.putAll(sections(override));
        return String.join("", sections.values());
    }

    static String without(String key) {
        Map<String, String> sections = sections(MINIMAL);
        sections.remove(key);
        return String.join("", sections.values());
    }

    private static Map<String, String> sections(String yaml) {
        Map<String, String> sections = new LinkedHashMap<>();
        for (String section : yaml.split("(?m)^(?=\\S)")) sections.put(section.substring(0, section.indexOf(':')), section);
        return sections;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badFields")
    void aBadFieldIsNamedWithWhatIsWrong(String field, String message, String yaml) throws IOException {
        assertThat(failure(yaml).problems())
                .as("problems of%n%s", yaml)
                .anySatisfy(p -> assertThat(p).startsWith(field + ": ").contains(message));
    }

    @Test
    void aSimulatorSectionServesEveryVendorFromTheSimulator() throws IOException {
        JobSpec spec = loader.load(spec(MINIMAL + """
                simulator:
                  latency: "fixed:1s"
                  concurrency: 8
                  faults: "submit-429=0.1"
                """));

        assertThat(spec.simulator()).isEqualTo(new JobSpec.Simulator("fixed:1s", 8, "submit-429=0.1"));
        assertThat(spec.simulated()).isTrue();
    }

    @Test
    void severalVendorsGetSharesAndPriorities() throws IOException {
        JobSpec spec = loader.load(spec("""
                name: mixed
                manifest: manifest.csv
                vendors:
                  - name: fal
                    share: 2
                    priority: 1
                output:
                  bucket: catalog-edits
                """));
        assertThat(spec.vendors()).extracting(JobSpec.Vendor::name, JobSpec.Vendor::share, JobSpec.Vendor::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fal", 2, 1));
    }

    @Test
    void vendorListProblemsNameTheEntry() throws IOException {
        SpecException e = failure("""
                name: mixed
                manifest: manifest.csv
                vendors:
                  - name: fal
                  - name: midjourney
                  - name: fal
                  - fal
                output:
                  bucket: catalog-edits
                """);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("vendors[1].name: 'midjourney' is not one of"))
                .anySatisfy(p -> assertThat(p).isEqualTo("vendors: 'fal' is listed twice"))
                .anySatisfy(p -> assertThat(p).isEqualTo("vendors[3]: must be a mapping of fields"));
    }

    @Test
    void skipUnchangedCopiesEarlierOutputsUnlessTheSpecSaysReference() throws IOException {
        assertThat(loader.load(spec(MINIMAL)).reuse()).as("off unless asked for").isNull();
        assertThat(loader.load(spec(with("skip-unchanged: true\n"))).reuse()).isEqualTo(JobSpec.Reuse.COPY);
        assertThat(loader.load(spec(with("skip-unchanged: true\nreused-outputs: reference\n"))).reuse())
                .isEqualTo(JobSpec.Reuse.REFERENCE);
        assertThat(loader.load(spec(with("skip-unchanged: false\n"))).reuse()).isNull();
    }

    @Test
    void runsThatNameOneAccountShareItAndEachVendorIsItsOwnAccountOtherwise() throws IOException {
        assertThat(loader.load(spec(MINIMAL)).vendors().getFirst().account()).isEqualTo("fal");
        assertThat(loader.load(spec(with("vendor:\n  name: fal\n  account: fal-marketing\n"))).vendors().getFirst()
                .account()).isEqualTo("fal-marketing");
    }

    @Test
    void moneyKeysGiveTheBudgetPricesAndDailyLimits() throws IOException {
        JobSpec plain = loader.load(spec(MINIMAL));
        assertThat(plain.budget()).isNull();
        assertThat(plain.vendors().getFirst().money()).isEqualTo(JobSpec.Money.NONE);

        JobSpec spec = loader.load(spec(with("budget: 40.50\nvendor:\n  name: mulerun\n  price-per-image: 0.09\n"
                + "  daily-budget: 100\n  daily-cap: 500\n")));
        assertThat(spec.budget()).isEqualByComparingTo("40.50");
        JobSpec.Money money = spec.vendors().getFirst().money();
        assertThat(money.pricePerImage()).containsOnlyKeys("1K", "2K", "4K").allSatisfy((res, usd) ->
                assertThat(usd).isEqualByComparingTo("0.09"));
        assertThat(money.dailyBudget()).isEqualByComparingTo("100");
        assertThat(money.dailyCap()).isEqualTo(500);

        JobSpec perResolution = loader.load(spec(with("budget: 5\nvendor:\n  name: fal\n  price-per-image: {4K: 0.24}\n")));
        assertThat(perResolution.vendors().getFirst().money().pricePerImage()).containsOnlyKeys("4K");
    }

    @Test
    void aVendorThatQueuesMayKeepTasksQueuedAheadAndPushIsUsedUnlessTurnedOff() throws IOException {
        JobSpec.Vendor plain = loader.load(spec(MINIMAL)).vendors().getFirst();
        assertThat(plain.queueAhead()).isZero();
        assertThat(plain.push()).isTrue();
        assertThat(plain.maxHeld()).isEqualTo(plain.maxInFlight());
        JobSpec.Vendor ahead = loader.load(spec(with("vendor:\n  name: fal\n  max-in-flight: 40\n  queue-ahead: 4\n"
                + "  push: false\n"))).vendors().getFirst();
        assertThat(ahead.queueAhead()).isEqualTo(4);
        assertThat(ahead.maxHeld()).isEqualTo(44);
        assertThat(ahead.push()).isFalse();
    }

    @Test
    void aRunIsDispatchedInItsOwnProcessUnlessTheSpecAsksForPartitions() throws IOException {
        assertThat(loader.load(spec(MINIMAL)).partitions()).isEqualTo(1);
        assertThat(loader.load(spec(with("partitions: 6\n"))).partitions()).isEqualTo(6);
    }

    @Test
    void aBaseUrlIsRefusedWhenTheSimulatorServesTheVendors() throws IOException {
        assertThat(failure(with("vendor:\n  name: fal\n  base-url: https://queue.fal.run\n") + "simulator:\n  concurrency: 2\n")
                .problems()).anySatisfy(p -> assertThat(p).startsWith("vendor.base-url: is not used when the spec has a simulator"));
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        SpecException e = failure("""
                name: nightly
                manifest: gone.csv
                defaults:
                  aspect-ratio: "7:3"
                vendor:
                  name: fal
                  max-in-flight: 0
                  task-timeout: soon
                output:
                  bucket: catalog-edits
                  key: "{job}.{ext}"
                colour: blue
                """);

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactlyInAnyOrder("colour", "manifest", "defaults.aspect-ratio", "vendor.max-in-flight",
                        "vendor.task-timeout", "output.key");
        assertThat(e.getMessage()).contains("job.yaml").contains(e.problems());
    }

    // Bug: this template passed the spec check, then every vendor call was paid and every store failed.
    @Test
    void aKeyTemplateThatLeavesTheBucketIsRefusedWhenTheSpecIsRead() throws IOException {
        SpecException e = failure(with("output:\n  bucket: catalog-edits\n  key: \"../{job}/{item}/{index}.{ext}\"\n"));

        assertThat(e.problems()).containsExactly("output.key: '../{job}/{item}/{index}.{ext}' must not have a '..' segment;"
                + " a key is names joined by single '/' (none of them '.' or '..'), made of letters, digits, '.', '_', '-'"
                + " and the placeholders [ext, index, item, job, line, run], e.g. {job}/{run}/{item}/{index}.{ext}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {job}/./{item}/{index}.{ext}       | must not have a '.' segment
            ./{item}/{index}.{ext}             | must not have a '.' segment
            {job}/{item}/../{index}.{ext}      | must not have a '..' segment
            {job}//{item}/{index}.{ext}        | must not have an empty segment ('//')
            {job}/{item}/{index}.{ext}/        | must not end with '/'
            /{job}/{item}/{index}.{ext}        | must be relative: it must not start with '/'
            {job}/{item}/{index}}.{ext}        | must not hold '}' outside a placeholder
            {job} {run}/{item}/{index}.{ext}   | must not hold ' ' outside a placeholder
            {job}/{item}/{index}.{ext}?v=1     | must not hold '?' outside a placeholder
            {job}/{item}{line}/{index}.{ext}   | has {item} and {line} next to each other, so one cannot be told from the other
            {job}/{line}/{index}.{ext}         | must contain {item} and {index} so that every output gets its own key
            {job}/{item}/{ext}                 | must contain {item} and {index} so that every output gets its own key
            """)
    void aKeyTemplateThatCouldPutTwoOutputsUnderOneKeyIsRefused(String template, String problem) throws IOException {
        assertThat(failure(with("output:\n  bucket: catalog-edits\n  key: \"" + template + "\"\n")).problems())
                .anySatisfy(p -> assertThat(p).startsWith("output.key: ").contains(problem));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{job}/{run}/{item}/{index}.{ext}", "edits/{item}-{index}.{ext}", "{job}/{run}/{item}/{line}-{index}.{ext}",
            "out/{item}_{index}/{item}.{ext}", ".archive/{job}/{item}/v1.2/{index}.{ext}", "{item}/{index}"})
    void keyTemplatesThatGiveEveryOutputItsOwnKeyAreAccepted(String template) throws IOException {
        assertThat(loader.load(spec(with("output:\n  bucket: catalog-edits\n  key: \"" + template + "\"\n"))).output().keyTemplate())
                .isEqualTo(template);
    }

    @Test
    void everySpecUnderJobsLoads() throws IOException {
        try (Stream<Path> specs = Files.list(Path.of("jobs"))) {
            assertThat(specs.filter(f -> f.toString().endsWith(".yaml")).toList())
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(loader.load(f).output().keyTemplate()).isEqualTo("{job}/{run}/{item}/{index}.{ext}"));
        }
    }

    @Test
    void aMissingSpecFileIsRefused() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> loader.load(dir.resolve("nope.yaml")));

        assertThat(e.problems()).containsExactly("file not found");
        assertThat(e.getMessage()).contains("nope.yaml");
    }

    @Test
    void invalidYamlIsRefused() throws IOException {
        assertThat(failure("name: [unclosed\nvendor: {\n").problems())
                .singleElement().asString().startsWith("not valid YAML");
    }

    @Test
    void aSpecThatIsNotAMappingIsRefused() throws IOException {
        assertThat(failure("- name: nightly\n").problems()).containsExactly("must be a YAML mapping");
        assertThat(failure("").problems()).containsExactly("must be a YAML mapping");
    }

    @Test
    void requestsPerSecondMustBeANumber() throws IOException {
        assertThat(failure(with("vendor:\n  name: fal\n  requests-per-second: NaN\n")).problems())
                .anySatisfy(p -> assertThat(p).startsWith("vendor.requests-per-second: "));
    }

    @Test
    void aFieldWrittenTwiceIsRefused() throws IOException {
        assertThat(failure(MINIMAL + "vendor:\n  name: fal\n").problems()).isNotEmpty();
    }

    @Test
    void aBaseUrlNeedsAHost() throws IOException {
        assertThat(failure(with("vendor:\n  name: fal\n  base-url: \"http:///fal\"\n")).problems())
                .anySatisfy(p -> assertThat(p).startsWith("vendor.base-url: "));
    }

    @Test
    void aZeroTaskTimeoutIsRefused() throws IOException {
        assertThat(failure(with("vendor:\n  name: fal\n  task-timeout: 0s\n")).problems())
                .anySatisfy(p -> assertThat(p).startsWith("vendor.task-timeout: "));
    }
}
