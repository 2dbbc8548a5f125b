package ai.fastmath.model.tokenizer;

import ai.fastmath.model.CheckpointException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks that a {@code tokenizer.json} is JSON the native tokenizer reads without aborting the JVM.
 * Hugging Face tokenizers 0.21 (inside DJL) panics, and a panic across JNI aborts the process, on any
 * JSON-level error inside the {@code decoder} section: invalid syntax ({@code "decoder": x}), a lone
 * surrogate escape, a number out of range ({@code 1e999}), nesting past serde_json's limit of 128. A
 * refresh with such a checkpoint would take the whole service down; this stream check (no tree, about
 * 0.1 s for a 11 MB file) turns all of them into a {@link CheckpointException} first.
 */
final class TokenizerJsonCheck {

    /** serde_json's recursion limit. */
    static final int MAX_DEPTH = 128;

    private static final JsonFactory JSON = new JsonFactory();

    private TokenizerJsonCheck() {}

    static void check(Path file) {
        try (JsonParser p = JSON.createParser(file.toFile())) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw fail(file, p, "nested deeper than " + MAX_DEPTH);
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME, VALUE_STRING -> {
                        if (hasLoneSurrogate(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())) {
                            throw fail(file, p, "a string with a lone surrogate");
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        if (!Double.isFinite(p.getDoubleValue())) {
                            throw fail(file, p, "a number out of range");
                        }
                    }
                    default -> { }
                }
            }
        } catch (IOException e) { // syntax, invalid UTF-8, or the file itself
            throw new CheckpointException("cannot load " + file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static CheckpointException fail(Path file, JsonParser p, String what) {
        return new CheckpointException("cannot load " + file + ": " + what + " at line " + p.currentLocation().getLineNr()
                + ", column " + p.currentLocation().getColumnNr());
    }

    private static boolean hasLoneSurrogate(char[] text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = text[i];
            if (Character.isHighSurrogate(c) && i + 1 < offset + length && Character.isLowSurrogate(text[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
