package ai.fastmath.training.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss masking: the prompt (system, user, generation prompt) carries no loss; the reply and its end do. */
class SftExampleTest {

    @Test
    void onlyTheReplyAndItsEndOfTurnCarryLoss() throws Exception {
        Path dir = Path.of(getClass().getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent();
        try (TextTokenizer t = TextTokenizer.load(dir)) {
            int end = t.tokenId("<|im_end|>").orElseThrow();
            SftExample e = SftExample.render(t, "Be brief.", "What is 1+1?", "<think>\n1+1=2\n</think>\n\\boxed{2}", end);
            String prompt = t.decode(Arrays.copyOf(e.tokens(), e.promptLength()));
            assertTrue(prompt.startsWith("<|im_start|>system\nBe brief.<|im_end|>"), prompt);
            assertTrue(prompt.endsWith("What is 1+1?<|im_end|>\n<|im_start|>assistant\n"), prompt);
            assertEquals("<think>\n1+1=2\n</think>\n\\boxed{2}<|im_end|>",
                    t.decode(Arrays.copyOfRange(e.tokens(), e.promptLength(), e.tokens().length)));
            for (int i = 0; i < e.tokens().length; i++) {
                assertEquals(i >= e.promptLength(), e.hasLoss(i), "position " + i);
            }
            assertFalse(e.hasLoss(e.promptLength() - 1), "not even the generation prompt's last token");

            // the loss: with logits that put all mass on token 0, only rows predicting a reply token count
            int n = e.tokens().length;
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                float[] logits = new float[n * 4];
                NDArray uniform = m.create(logits, new Shape(n, 4)); // uniform over a 4-token toy vocabulary
                SftExample toy = new SftExample(Arrays.stream(e.tokens()).map(x -> x % 4).toArray(), e.promptLength());
                float nll = SftLoss.summedNll(m, uniform, List.of(toy)).getFloat();
                assertEquals(toy.lossTokens() * Math.log(4), nll, 1e-3, "one log(4) per reply token, none for the prompt");
            }
            SftExample cut = e.truncate(e.promptLength() + 2);
            assertArrayEquals(Arrays.copyOf(e.tokens(), e.promptLength() + 2), cut.tokens());
            assertEquals(2, cut.lossTokens());
        }
    }
}
