package io.retouch.manifest;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The manifest read as UTF-8 without failing and without guessing. Each run of bytes that is not
 * UTF-8 becomes one lone surrogate, a char that UTF-8 text can never decode to, so the row holding
 * it is found, down to line and column, and rejected, while every other row reads as written. (The
 * JDK's default puts U+FFFD there, which cannot be told from a U+FFFD the file really holds; a
 * strict decoder throws, which would stop the whole manifest for one bad byte.)
 */
final class Utf8Text {

    private static final String NOT_UTF8 = "\uDFFF";

    private Utf8Text() {
    }

    static BufferedReader open(InputStream in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(NOT_UTF8);
        return new BufferedReader(new InputStreamReader(in, decoder));
    }

    /** Index of the first char of {@code text} that stands for bytes that are not UTF-8, or -1. */
    static int firstBad(String text) {
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i)))
            if (Character.getType(text.codePointAt(i)) == Character.SURROGATE) return i; // a pair counts as one code point
        return -1;
    }

    /** "line L, column C" of {@code index} in a record that starts on {@code firstLine}; columns count characters from 1. */
    static String position(String record, int index, long firstLine) {
        int lineStart = record.lastIndexOf('\n', index - 1) + 1;
        long line = firstLine + record.substring(0, index).chars().filter(c -> c == '\n').count();
        return "line " + line + ", column " + (record.codePointCount(lineStart, index) + 1);
    }

    /** {@code text} with U+FFFD for each run of bytes that is not UTF-8: fit to show and to store. */
    static String readable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.getType(c) == Character.SURROGATE ? 0xFFFD : c));
        return out.toString();
    }
}
