package ai.fastmath.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.tokenizer.ChatTemplate.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chat templates render exactly as transformers renders them (expected strings written by hand). */
class ChatTemplateTest {

    static ChatTemplate fromConfig(Path config) throws Exception {
        JsonNode c = new ObjectMapper().readTree(Files.readString(config));
        return new ChatTemplate(c.get("chat_template").asText(), text(c.get("bos_token")), text(c.get("eos_token")));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.get("content").asText();
    }

    static Path resource(String path) throws Exception {
        return Path.of(ChatTemplateTest.class.getResource(path).toURI());
    }

    @Test
    void qwen3SystemAndUserWithGenerationPrompt() throws Exception {
        ChatTemplate t = fromConfig(resource("/tokenizers/qwen3/tokenizer_config.json"));
        String out = t.render(List.of(
                new Message("system", "Please reason step by step, and put your final answer within \\boxed{}."),
                new Message("user", "What is 1+1?")), true);
        assertEquals("<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 1+1?<|im_end|>\n"
                + "<|im_start|>assistant\n", out);
    }

    @Test
    void qwen3WithoutGenerationPromptAndThinkingDisabled() throws Exception {
        ChatTemplate t = fromConfig(resource("/tokenizers/qwen3/tokenizer_config.json"));
        assertEquals("<|im_start|>user\nhi<|im_end|>\n", t.render(List.of(new Message("user", "hi")), false));
        assertEquals("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                t.render(List.of(new Message("user", "hi")), true, Map.of("enable_thinking", false)));
    }

    @Test
    void qwen3MultiTurnKeepsReasoningOnlyAfterTheLastQuery() throws Exception {
        ChatTemplate t = fromConfig(resource("/tokenizers/qwen3/tokenizer_config.json"));
        String out = t.render(List.of(
                new Message("user", "2+2?"),
                new Message("assistant", "<think>\nadd them\n</think>\n\nThe answer is 4."),
                new Message("user", "and 3+3?"),
                new Message("assistant", "<think>\nagain\n</think>\n\n6")), false);
        // the reasoning of a turn before the last user message is dropped; the last one keeps it
        assertEquals("<|im_start|>user\n2+2?<|im_end|>\n"
                + "<|im_start|>assistant\nThe answer is 4.<|im_end|>\n"
                + "<|im_start|>user\nand 3+3?<|im_end|>\n"
                + "<|im_start|>assistant\n<think>\nagain\n</think>\n\n6<|im_end|>\n", out);
    }

    @Test
    void deepSeekR1DistillSystemAndUserWithGenerationPrompt() throws Exception {
        ChatTemplate t = fromConfig(resource("/templates/deepseek-r1-distill-tokenizer_config.json"));
        String out = t.render(List.of(new Message("system", "Be exact."), new Message("user", "What is 7*6?")), true);
        assertEquals("<｜begin▁of▁sentence｜>Be exact.<｜User｜>What is 7*6?<｜Assistant｜><think>\n", out);
    }

    @Test
    void deepSeekR1DistillDropsReasoningOfPastTurns() throws Exception {
        ChatTemplate t = fromConfig(resource("/templates/deepseek-r1-distill-tokenizer_config.json"));
        String out = t.render(List.of(
                new Message("user", "2+2?"),
                new Message("assistant", "<think>\nadd\n</think>\n\n4"),
                new Message("user", "3+3?")), true);
        assertEquals("<｜begin▁of▁sentence｜><｜User｜>2+2?<｜Assistant｜>\n\n4<｜end▁of▁sentence｜>"
                + "<｜User｜>3+3?<｜Assistant｜><think>\n", out);
    }

    @Test
    void raiseExceptionBecomesAClearError() {
        ChatTemplate t = new ChatTemplate(
                "{% if messages[0].role != 'user' %}{{ raise_exception('Conversations must start with a user turn') }}{% endif %}ok",
                null, null);
        assertEquals("ok", t.render(List.of(new Message("user", "x")), false));
        var e = assertThrows(ChatTemplate.TemplateException.class,
                () -> t.render(List.of(new Message("assistant", "x")), false));
        assertTrue(e.getMessage().contains("Conversations must start with a user turn"), e.getMessage());
    }

    @Test
    void pythonStringMethodsFollowPythonSemantics() {
        ChatTemplate t = new ChatTemplate(
                "{{ messages[0].content.split('.')|length }}|{{ '  a b  '.strip() }}|{{ 'xxaxx'.rstrip('x') }}|{{ ', '.join(['a', 'b']) }}|{{ 'a.b'.split('.')[-1] }}",
                null, null);
        assertEquals("3|a b|xxa|a, b|b", t.render(List.of(new Message("user", "a.b.")), false));
    }
}
