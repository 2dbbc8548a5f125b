package ai.fastmath.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.tokenizer.ChatTemplate.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Qwen3 tokenizer: special tokens, round trips, chat prompts. */
class TextTokenizerTest {

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        Path dir = ChatTemplateTest.resource("/tokenizers/qwen3/tokenizer.json").getParent();
        tokenizer = TextTokenizer.load(dir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void specialTokensComeFromTheConfig() {
        assertEquals(Optional.of(151667), tokenizer.tokenId("<think>"));
        assertEquals(Optional.of(151668), tokenizer.tokenId("</think>"));
        assertEquals(Optional.of("<|im_end|>"), tokenizer.eosToken());
        assertEquals(List.of(151643, 151645), List.copyOf(tokenizer.stopTokenIds(List.of(151643))));
    }

    @Test
    void textRoundTripsThroughByteLevelBpe() {
        String text = "Find all n such that n^2 + 1 ≡ 0 (mod 5); answer \\boxed{2}. 数学 ✓";
        int[] ids = tokenizer.encode(text);
        assertTrue(ids.length > 10);
        assertEquals(text, tokenizer.decode(ids));
    }

    @Test
    void renderedChatPromptEncodesSpecialTokensAsSingleIds() {
        String prompt = tokenizer.chatTemplate().orElseThrow()
                .render(List.of(new Message("user", "1+1?")), true);
        int[] ids = tokenizer.encode(prompt + "<think>");
        assertEquals(151644, ids[0], "<|im_start|>");
        assertEquals(151667, ids[ids.length - 1], "<think>");
        assertArrayEquals(ids, tokenizer.encode(tokenizer.decode(ids)));
    }
}
