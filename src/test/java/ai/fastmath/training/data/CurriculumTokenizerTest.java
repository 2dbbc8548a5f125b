package ai.fastmath.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.tokenizer.ChatTemplate;
import ai.fastmath.model.tokenizer.ChatTemplate.Message;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small model's tokenizer loads like a checkpoint's: special tokens, exact round trips, the ChatML template. */
class CurriculumTokenizerTest {

    @TempDir
    static Path dir;

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        CurriculumTokenizer.write(dir);
        tokenizer = TextTokenizer.load(dir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void specialTokensAreSingleIdsAndImEndStopsGeneration() {
        for (int id = 0; id < CurriculumTokenizer.SPECIAL_TOKENS.size(); id++) {
            String token = CurriculumTokenizer.SPECIAL_TOKENS.get(id);
            assertArrayEquals(new int[] {id}, tokenizer.encode(token), token);
            assertEquals(Optional.of(id), tokenizer.tokenId(token));
            assertEquals(Optional.of(id), CurriculumTokenizer.id(token));
        }
        assertEquals(Optional.of("<|im_end|>"), tokenizer.eosToken());
        assertEquals(List.of(2), List.copyOf(tokenizer.stopTokenIds(List.of())));
    }

    @Test
    void everyCharacterHasOneIdBelowTheVocabularySize() {
        assertEquals(101, CurriculumTokenizer.vocabSize());
        for (String c : CurriculumTokenizer.characters()) {
            int[] ids = tokenizer.encode(c);
            assertEquals(1, ids.length, "'" + c + "'");
            assertEquals(CurriculumTokenizer.id(c).orElseThrow(), ids[0]);
            assertTrue(ids[0] < CurriculumTokenizer.vocabSize());
        }
    }

    @Test
    void everyGeneratedTextRoundTrips() {
        Curriculum.Splits s = new Curriculum(CurriculumConfig.DEFAULT).generate(4, new SplitSizes(480, 48, 48, 48));
        ChatTemplate chat = tokenizer.chatTemplate().orElseThrow();
        for (Example e : s.train()) {
            String text = chat.render(List.of(new Message("user", e.problem())), true) + e.generation() + "<|im_end|>\n";
            int[] ids = tokenizer.encode(text);
            assertEquals(text, tokenizer.decode(ids));
            int expected = text.length();
            for (String special : CurriculumTokenizer.SPECIAL_TOKENS) {
                expected -= (special.length() - 1) * (text.split(Pattern.quote(special), -1).length - 1);
            }
            assertEquals(expected, ids.length, "one id per character, one per special token");
            assertEquals(ids.length, CurriculumTokenizer.tokenCount(text));
            assertEquals(tokenizer.encode(e.generation()).length, CurriculumTokenizer.tokenCount(e.generation()));
        }
        for (Example e : s.grpo()) {
            assertEquals(e.problem(), tokenizer.decode(tokenizer.encode(e.problem())));
        }
    }

    @Test
    void aCharacterOutsideTheVocabularyIsDropped() {
        assertEquals("a  b", tokenizer.decode(tokenizer.encode("a \u2261 b")));
        assertTrue(!CurriculumTokenizer.covers("a \u2261 b") && CurriculumTokenizer.covers("a\nb ~"));
    }

    @Test
    void theChatTemplateIsChatMl() {
        ChatTemplate chat = tokenizer.chatTemplate().orElseThrow();
        List<Message> conversation = List.of(new Message("system", "You are a careful solver."), new Message("user", "What is 2 + 3?"));
        assertEquals("<|im_start|>system\nYou are a careful solver.<|im_end|>\n<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n"
                + "<|im_start|>assistant\n", chat.render(conversation, true));
        assertEquals("<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n", chat.render(conversation.subList(1, 2), false));
        assertEquals("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                chat.render(List.of(new Message("user", "hi")), true, Map.of("enable_thinking", false)));
        int[] ids = tokenizer.encode(chat.render(conversation, true));
        assertEquals(1, ids[0], "<|im_start|>");
        assertEquals(CurriculumTokenizer.id("\n").orElseThrow(), ids[ids.length - 1]);
    }
}
