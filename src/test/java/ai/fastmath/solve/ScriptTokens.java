package ai.fastmath.solve;

import ai.fastmath.model.tokenizer.TextTokenizer;
import java.nio.file.Path;

/**
 * The real Qwen3 tokenizer (test resources) and the tokens a scripted solver writes: " A" picks the
 * answer 42 and " B" the answer 7, each written out as " so \boxed{..}."; then filler and
 * {@code </think>}. Close it with the test class.
 */
record ScriptTokens(TextTokenizer tokenizer, int pick42, int pick7, int[] branch42, int[] branch7, int thinkEnd, int filler)
        implements AutoCloseable {

    /** Vocabulary of the Qwen3 tokenizer's model. */
    static final int VOCAB = 151669;

    /** @param filler the text of the filler token (one token) */
    static ScriptTokens load(String filler) throws Exception {
        TextTokenizer t = TextTokenizer.load(Path.of(ScriptTokens.class.getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent());
        return new ScriptTokens(t, t.encode(" A")[0], t.encode(" B")[0], t.encode(" so \\boxed{42}."), t.encode(" so \\boxed{7}."),
                t.tokenId("</think>").orElseThrow(), t.encode(filler)[0]);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
