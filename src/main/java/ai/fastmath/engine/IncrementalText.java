package ai.fastmath.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a growing list of token ids into text deltas, the way TGI and vLLM detokenize while
 * streaming: decode a short window before and after the new token and emit the difference, holding
 * back while the window ends in an incomplete UTF-8 character (U+FFFD).
 */
final class IncrementalText {

    private final Function<int[], String> decoder;
    private final List<Integer> ids = new ArrayList<>();
    private int prefixOffset;
    private int readOffset;

    IncrementalText(Function<int[], String> decoder) {
        this.decoder = decoder;
    }

    /** Adds a token; returns the text it completes (often empty for a partial character). */
    String add(int token) {
        ids.add(token);
        String prefix = decode(prefixOffset, readOffset);
        String now = decode(prefixOffset, ids.size());
        if (now.length() > prefix.length() && !now.endsWith("\uFFFD") && now.startsWith(prefix)) {
            prefixOffset = readOffset;
            readOffset = ids.size();
            return now.substring(prefix.length());
        }
        return "";
    }

    /** Whatever is still held back (at the end of a sequence), decoded as it stands. */
    String flush() {
        String prefix = decode(prefixOffset, readOffset);
        String now = decode(prefixOffset, ids.size());
        readOffset = prefixOffset = ids.size();
        return now.startsWith(prefix) ? now.substring(prefix.length()) : "";
    }

    private String decode(int from, int to) {
        if (from >= to) {
            return "";
        }
        int[] window = new int[to - from];
        for (int i = from; i < to; i++) {
            window[i - from] = ids.get(i);
        }
        return decoder.apply(window);
    }
}
