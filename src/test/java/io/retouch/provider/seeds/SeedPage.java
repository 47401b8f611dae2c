package io.retouch.provider.seeds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One vendor page from {@code src/test/resources/seeds/} and what its own text says: the example
 * requests (curl, Python {@code requests}, JavaScript {@code fetch}), the example answers, the
 * documented request fields. Everything is read from the text with regexes and a brace scanner,
 * never hand-copied; whatever does not parse fails loudly, naming the page. Also the comparisons the
 * vendor tests make against those examples.
 */
record SeedPage(String name, String text) {

    /** A request as one of the page's examples makes it. */
    record Example(String source, String method, URI url, Map<String, String> headers, ObjectNode body) {

        String path() {
            return url.getRawPath();
        }

        /** The same request with another of the page's example bodies (fal's "Full Example"). */
        Example withBody(String otherSource, ObjectNode otherBody) {
            return new Example(otherSource, method, url, headers, otherBody);
        }

        /** {@code Bearer}, {@code Key}...: the first word of the example's Authorization header. */
        String authScheme() {
            String value = headers.get("Authorization");
            if (value == null || value.isBlank()) throw new AssertionError(source + " has no Authorization header");
            return value.strip().split("\\s+")[0];
        }
    }

    /** A request field the page documents: whether it is required, and its documented default (or null). */
    record Field(boolean required, String defaultValue) {}

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Python dict literal syntax JSON lacks: 'single quotes', trailing commas, # comments. */
    private static final JsonMapper PYTHON = STRICT.rebuild()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_YAML_COMMENTS)
            .build();
    /** JavaScript object literal syntax JSON lacks: unquoted keys, 'single quotes', trailing commas, // comments. */
    private static final JsonMapper JAVASCRIPT = STRICT.rebuild()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private static final Pattern CURL = Pattern.compile(
            "curl\\s+(?:--request|-X)\\s+(?<method>[A-Z]+)\\s+(?:\\\\\\s+)?(?:--url\\s+)?(?<url>https?://\\S+)"
                    + "(?<options>.*?)\\s(?:--data|-d)\\s+(?:'(?<quoted>[^']*)'|@-\\s+<<(?<tag>\\w+)\\n(?<heredoc>.*?)\\n\\k<tag>\\b)",
            Pattern.DOTALL);
    private static final Pattern CURL_HEADER = Pattern.compile("(?:--header|-H)\\s+(['\"])(?<name>[\\w-]+):\\s*(?<value>[^'\"]*)\\1");
    private static final Pattern QUOTED_HEADER = Pattern.compile("[\"'](?<name>[A-Z][\\w-]*)[\"']\\s*:\\s*[\"'](?<value>[^\"']*)[\"']");
    private static final Pattern PYTHON_CALL = Pattern.compile("requests\\.(?<method>post|get|put)\\(\\s*[\"'](?<url>https?://[^\"']+)[\"']");
    private static final Pattern PYTHON_JSON = Pattern.compile("\\bjson\\s*=\\s*(?=\\{)");
    private static final Pattern PYTHON_CONSTANT = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|\\b(True|False|None)\\b");
    private static final Pattern JS_FETCH = Pattern.compile("fetch\\(\\s*[\"'](?<url>https?://[^\"']+)[\"']");
    private static final Pattern JS_METHOD = Pattern.compile("\\bmethod\\s*:\\s*[\"'](?<method>\\w+)[\"']");
    private static final Pattern JS_STRINGIFY = Pattern.compile("JSON\\.stringify\\(\\s*(?=\\{)");
    /** What the examples print from the answer: {@code data["images"][0]["url"]}, {@code data.images[0].url}. */
    private static final Pattern READ = Pattern.compile("(?:print|console\\.log)\\(data(?<path>(?:\\[[\"']?\\w+[\"']?]|\\.\\w+)+)\\)");
    private static final Pattern READ_STEP = Pattern.compile("\\[[\"']?(\\w+)[\"']?]|\\.(\\w+)");

    /** The page the seeds' README lists for {@code vendor} (its table's Vendor column). */
    static SeedPage of(String vendor) {
        String readme = resource("README.md");
        Matcher row = Pattern.compile("\\|\\s*`([^`]+)`\\s*\\|\\s*" + Pattern.quote(vendor) + "\\s*\\|").matcher(readme);
        if (!row.find()) throw new AssertionError("seeds/README.md lists no page for " + vendor);
        return new SeedPage(row.group(1) + " (" + vendor + ")", resource(row.group(1)));
    }

    // ---- example requests ----

    /** The page's curl example: {@code --request/-X}, the URL, {@code --header/-H}, {@code --data '…'}/{@code -d '…'} or a heredoc. */
    Example curl() {
        Matcher curl = curlMatch();
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher header = CURL_HEADER.matcher(curl.group("options"));
        while (header.find()) headers.put(header.group("name"), header.group("value"));
        String body = curl.group("quoted") != null ? curl.group("quoted") : curl.group("heredoc");
        return new Example(name + " curl", curl.group("method"), URI.create(curl.group("url")), headers,
                object(name, STRICT, body, "curl body"));
    }

    /** The page's Python {@code requests} example: the URL, the {@code headers={…}} and the {@code json={…}} dict. */
    Example python() {
        Matcher call = find(PYTHON_CALL, 0, "Python requests call");
        Matcher json = find(PYTHON_JSON, call.end(), "Python json={…}");
        String dict = balanced(json.end(), "Python json={…}");
        // True/False/None outside string literals are Python's spelling of JSON's constants.
        String literal = PYTHON_CONSTANT.matcher(dict).replaceAll(m -> m.group(1) == null
                ? Matcher.quoteReplacement(m.group())
                : switch (m.group(1)) { case "True" -> "true"; case "False" -> "false"; default -> "null"; });
        return new Example(name + " Python", call.group("method").toUpperCase(Locale.ROOT), URI.create(call.group("url")),
                quotedHeaders(text.substring(call.end(), json.start())), object(name, PYTHON, literal, "Python json={…}"));
    }

    /** The page's JavaScript {@code fetch} example: the URL, {@code method}, {@code headers} and the {@code JSON.stringify({…})} object. */
    Example javascript() {
        Matcher fetch = find(JS_FETCH, 0, "JavaScript fetch call");
        Matcher stringify = find(JS_STRINGIFY, fetch.end(), "JavaScript JSON.stringify({…})");
        String options = text.substring(fetch.end(), stringify.start());
        Matcher method = JS_METHOD.matcher(options);
        if (!method.find()) throw new AssertionError(name + ": the JavaScript fetch call names no method");
        return new Example(name + " JavaScript", method.group("method").toUpperCase(Locale.ROOT), URI.create(fetch.group("url")),
                quotedHeaders(options), object(name, JAVASCRIPT, balanced(stringify.end(), "JSON.stringify({…})"), "JSON.stringify({…})"));
    }

    // ---- example answers ----

    /** The JSON object printed right after the curl example (MuleRun's and SinanCode's example answer). */
    ObjectNode answerAfterCurl() {
        int open = text.indexOf('{', curlMatch().end());
        if (open < 0) throw new AssertionError(name + ": no JSON answer after the curl example");
        return object(name, STRICT, balanced(open, "answer after the curl example"), "answer after the curl example");
    }

    /** The first fenced code block after {@code marker}, as JSON ("**Example Response**:", "&lt;summary>Response&lt;/summary>"...). */
    ObjectNode jsonBlockAfter(String marker) {
        Matcher block = Pattern.compile(Pattern.quote(marker) + ".*?```[\\w-]*\\n(.*?)```", Pattern.DOTALL).matcher(text);
        if (!block.find()) throw new AssertionError(name + ": no code block after '" + marker + "'");
        return object(name, STRICT, block.group(1), "code block after '" + marker + "'");
    }

    /** Every property path the examples read from the answer, e.g. [images, 0, url] for {@code data["images"][0]["url"]}. */
    List<List<String>> answerReads() {
        List<List<String>> reads = new ArrayList<>();
        Matcher read = READ.matcher(text);
        while (read.find()) {
            List<String> steps = new ArrayList<>();
            Matcher step = READ_STEP.matcher(read.group("path"));
            while (step.find()) steps.add(step.group(1) != null ? step.group(1) : step.group(2));
            reads.add(List.copyOf(steps));
        }
        if (reads.isEmpty()) throw new AssertionError(name + ": no example reads anything from the answer");
        return reads;
    }

    /** The smallest JSON in which {@code steps} (as {@link #answerReads()} gives them) lead to {@code leaf}. */
    static JsonNode answerWith(List<String> steps, String leaf) {
        if (steps.isEmpty()) return JsonNodeFactory.instance.stringNode(leaf);
        JsonNode inner = answerWith(steps.subList(1, steps.size()), leaf);
        String step = steps.getFirst();
        if (step.equals("0")) return STRICT.createArrayNode().add(inner);
        if (step.matches("\\d+")) throw new AssertionError("an example reads element " + step + ", not the first");
        return STRICT.createObjectNode().set(step, inner);
    }

    // ---- documented request fields ----

    /** Mintlify pages (MuleRun, SinanCode): "name / type / required | default:X" lines between "Body" and "Response". */
    Map<String, Field> bodySectionFields() {
        String body = section("\nBody\n", "\nResponse\n");
        Matcher field = Pattern.compile("^(?<name>[a-z_]+)\\n(?:string\\[]|string|enum<string>|integer|number|boolean|object|array)$"
                + "(?:\\n(?:(?<required>required)|default:(?<default>\\S+))$)?", Pattern.MULTILINE).matcher(body);
        Map<String, Field> fields = new LinkedHashMap<>();
        while (field.find()) fields.put(field.group("name"), new Field(field.group("required") != null, field.group("default")));
        return documented(fields);
    }

    /** Runflow: "### `name` (type, required|optional) … - **Default**: `X`" under "## Input Schema". */
    Map<String, Field> headingFields() {
        String schema = section("## Input Schema", "## Usage Examples");
        Matcher field = Pattern.compile("### `(?<name>\\w+)` \\(\\w+, (?<req>required|optional)\\)(?<about>.*?)(?=### `|$)",
                Pattern.DOTALL).matcher(schema);
        Map<String, Field> fields = new LinkedHashMap<>();
        while (field.find())
            fields.put(field.group("name"), new Field(field.group("req").equals("required"),
                    group(Pattern.compile("- \\*\\*Default\\*\\*: `([^`]*)`"), field.group("about"))));
        return documented(fields);
    }

    /** fal: "- **`name`** (`type`, _required_|_optional_): … - Default: X" under "### Input Schema". */
    Map<String, Field> bulletFields() {
        String schema = section("### Input Schema", "**Required Parameters Example**");
        Matcher field = Pattern.compile("- \\*\\*`(?<name>\\w+)`\\*\\* \\(`[^`]+`, _(?<req>required|optional)_\\):(?<about>.*?)(?=\\n- \\*\\*`|\\z)",
                Pattern.DOTALL).matcher(schema);
        Map<String, Field> fields = new LinkedHashMap<>();
        while (field.find()) {
            String dflt = group(Pattern.compile("- Default: (\\S+)"), field.group("about"));
            fields.put(field.group("name"), new Field(field.group("req").equals("required"),
                    dflt == null ? null : dflt.replaceAll("^[\"`]+|[\"`]+$", "")));
        }
        return documented(fields);
    }

    /** AIMLAPI: the OpenAPI document after {@code marker}, request body schema of POST {@code path}. */
    Map<String, Field> openApiFields(String marker, String path) {
        JsonNode schema = jsonBlockAfter(marker).path("paths").path(path).path("post").path("requestBody")
                .path("content").path("application/json").path("schema");
        List<String> required = schema.path("required").values().stream().map(JsonNode::stringValue).toList();
        Map<String, Field> fields = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(p -> fields.put(p.getKey(), new Field(required.contains(p.getKey()),
                p.getValue().has("default") ? p.getValue().get("default").asString() : null)));
        return documented(fields);
    }

    // ---- comparisons: each fails once, listing every difference from the example ----

    /** The request went out as the example's (see {@link #requestLineProblems}) with exactly the example's body. */
    static void assertSentExactly(Example example, RecordingServer.Request sent) {
        List<String> problems = requestLineProblems(example, sent);
        problems.addAll(sameFieldProblems(example, sent.json()));
        failIf(problems, example, sent.body());
    }

    /** The request went out as the example's, its body as {@link #assertExampleFieldsWithin} allows. */
    static void assertSentWithin(Example example, RecordingServer.Request sent, Map<String, Field> documented) {
        List<String> problems = requestLineProblems(example, sent);
        problems.addAll(withinProblems(example, sent.json(), documented));
        failIf(problems, example, sent.body());
    }

    /** {@code body} has exactly the example's fields, each with the example's value. */
    static void assertSameFields(Example example, JsonNode body) {
        failIf(sameFieldProblems(example, body), example, body.toString());
    }

    /**
     * For an example that leaves out fields the page requires: every example field with the
     * example's value, every field the page requires present, and no field the page does not name.
     */
    static void assertExampleFieldsWithin(Example example, JsonNode body, Map<String, Field> documented) {
        failIf(withinProblems(example, body, documented), example, body.toString());
    }

    /** Method, path (on any host), the auth scheme with our key, and the content type the example sends. */
    private static List<String> requestLineProblems(Example example, RecordingServer.Request sent) {
        List<String> problems = new ArrayList<>();
        expect(problems, "method", example.method(), sent.method());
        expect(problems, "path", example.path(), sent.path());
        expect(problems, "Authorization", example.authScheme() + " " + RecordingServer.KEY, sent.header("Authorization"));
        // Python's requests sets it from json= without the example naming it: every example's body is JSON.
        expect(problems, "Content-Type", example.headers().getOrDefault("Content-Type", "application/json"), sent.header("Content-Type"));
        return problems;
    }

    private static List<String> sameFieldProblems(Example example, JsonNode body) {
        List<String> problems = exampleFieldProblems(example.body(), body);
        body.propertyNames().stream().filter(f -> !example.body().has(f))
                .forEach(f -> problems.add("extra field " + f + "=" + body.get(f)));
        return problems;
    }

    private static List<String> withinProblems(Example example, JsonNode body, Map<String, Field> documented) {
        List<String> problems = exampleFieldProblems(example.body(), body);
        documented.forEach((f, field) -> {
            if (field.required() && !body.has(f)) problems.add("missing required field " + f);
        });
        body.propertyNames().stream().filter(f -> !documented.containsKey(f))
                .forEach(f -> problems.add("field " + f + " is not one the page names " + documented.keySet()));
        return problems;
    }

    private static List<String> exampleFieldProblems(JsonNode example, JsonNode body) {
        List<String> problems = new ArrayList<>();
        example.properties().forEach(e -> {
            if (!body.has(e.getKey())) problems.add("missing field " + e.getKey() + " (page: " + e.getValue() + ")");
            else if (!body.get(e.getKey()).equals(e.getValue()))
                problems.add(e.getKey() + ": page " + e.getValue() + ", sent " + body.get(e.getKey()));
        });
        return problems;
    }

    private static void expect(List<String> problems, String what, String expected, String actual) {
        if (!expected.equals(actual)) problems.add(what + ": page " + expected + ", sent " + actual);
    }

    private static void failIf(List<String> problems, Example example, String sent) {
        if (!problems.isEmpty())
            throw new AssertionError("request differs from " + example.source() + ":\n  - " + String.join("\n  - ", problems)
                    + "\n  page body: " + example.body() + "\n  sent body: " + sent);
    }

    // ---- text plumbing ----

    /** Group 1 of the first match of {@code regex} in the page's text. */
    String group(String regex) {
        String found = group(Pattern.compile(regex), text);
        if (found == null) throw new AssertionError(name + ": nothing matches " + regex);
        return found;
    }

    static List<String> strings(JsonNode array) {
        if (!array.isArray()) throw new AssertionError("not an array: " + array);
        return array.values().stream().map(JsonNode::stringValue).toList();
    }

    static ObjectNode parse(String json) {
        return object("request body", STRICT, json, "JSON");
    }

    private Matcher curlMatch() {
        return find(CURL, 0, "curl example");
    }

    private Matcher find(Pattern pattern, int from, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find(from)) throw new AssertionError(name + ": no " + what);
        return m;
    }

    private String section(String start, String end) {
        int from = text.indexOf(start), to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) throw new AssertionError(name + ": no section from '" + start.strip() + "' to '" + end.strip() + "'");
        return text.substring(from + start.length(), to);
    }

    private Map<String, Field> documented(Map<String, Field> fields) {
        if (fields.isEmpty()) throw new AssertionError(name + ": no documented request fields found");
        return Collections.unmodifiableMap(fields);
    }

    private Map<String, String> quotedHeaders(String code) {
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher header = QUOTED_HEADER.matcher(code);
        while (header.find()) headers.put(header.group("name"), header.group("value"));
        return headers;
    }

    /** The object literal whose { is at {@code open}, to its matching }; brackets inside strings (either quote) are skipped. */
    private String balanced(int open, String what) {
        if (text.charAt(open) != '{') throw new AssertionError(name + ": " + what + " does not start with {");
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') quote = c;
            else if (c == '{' || c == '[') depth++;
            else if ((c == '}' || c == ']') && --depth == 0) return text.substring(open, i + 1);
        }
        throw new AssertionError(name + ": " + what + " never closes");
    }

    private static ObjectNode object(String page, JsonMapper mapper, String source, String what) {
        JsonNode node;
        try {
            node = mapper.readTree(source);
        } catch (JacksonException e) {
            throw new AssertionError(page + ": the " + what + " is not valid JSON after extraction: "
                    + e.getOriginalMessage() + "\n" + source, e);
        }
        if (node == null || !node.isObject() || node.isEmpty())
            throw new AssertionError(page + ": the " + what + " is not a non-empty JSON object: " + source);
        return (ObjectNode) node;
    }

    private static String group(Pattern pattern, String in) {
        Matcher m = pattern.matcher(in);
        return m.find() ? m.group(1) : null;
    }

    private static String resource(String file) {
        try (InputStream in = SeedPage.class.getResourceAsStream("/seeds/" + file)) {
            if (in == null) throw new AssertionError("no seeds/" + file + " on the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
