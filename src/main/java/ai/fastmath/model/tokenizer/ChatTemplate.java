package ai.fastmath.model.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.FatalTemplateErrorsException;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jinjava.javax.el.CompositeELResolver;

/**
 * A Hugging Face chat template (the {@code chat_template} of {@code tokenizer_config.json}) rendered
 * with Jinjava the way {@code transformers} renders it: {@code trim_blocks} and {@code lstrip_blocks},
 * whitespace control on expressions, the variables {@code messages}, {@code add_generation_prompt},
 * {@code bos_token}, {@code eos_token}, and the helpers {@code raise_exception} and
 * {@code strftime_now}, plus Python string methods (see {@link PythonStringMethods}).
 */
public final class ChatTemplate {

    /** One chat message. */
    public record Message(String role, String content) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", role);
            m.put("content", content);
            return m;
        }
    }

    /** A template raised an error on purpose ({@code raise_exception}) or could not be rendered. */
    public static class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message);
        }
    }

    private final String source;
    private final Jinjava jinjava;
    private final Map<String, Object> specialTokens;

    public ChatTemplate(String template, String bosToken, String eosToken) {
        this.source = TemplateSyntax.rewrite(template);
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .build())
                .build();
        this.jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "strftime_now", ChatTemplate.class, "strftimeNow", String.class));
        this.specialTokens = new HashMap<>();
        specialTokens.put("bos_token", bosToken == null ? "" : bosToken);
        specialTokens.put("eos_token", eosToken == null ? "" : eosToken);
    }

    /** Renders a conversation; with {@code addGenerationPrompt} it ends where the assistant's reply begins. */
    /**
     * The prompt of one question as a generation starts from it: an optional system turn, the user turn and
     * the generation prompt. Serving, SFT and GRPO all render prompts here, so training sees the tokens
     * inference will.
     */
    public String prompt(String systemPrompt, String user) {
        List<Message> messages = new java.util.ArrayList<>();
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            messages.add(new Message("system", systemPrompt));
        }
        messages.add(new Message("user", user));
        return render(messages, true);
    }

    public String render(List<Message> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /** As {@link #render(List, boolean)}, with extra template variables (e.g. {@code enable_thinking}). */
    public String render(List<Message> messages, boolean addGenerationPrompt, Map<String, Object> extra) {
        Map<String, Object> ctx = new HashMap<>(specialTokens);
        ctx.putAll(extra);
        ctx.put("messages", messages.stream().map(Message::toMap).collect(Collectors.toList()));
        ctx.put("add_generation_prompt", addGenerationPrompt);
        try {
            var result = jinjava.renderForResult(source, ctx);
            List<TemplateError> errors = result.getErrors().stream()
                    .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                    .toList();
            if (!errors.isEmpty()) {
                throw new TemplateException("chat template failed: " + describe(errors.get(0)));
            }
            return result.getOutput();
        } catch (FatalTemplateErrorsException e) {
            throw new TemplateException("chat template failed: " + e.getMessage());
        }
    }

    private static String describe(TemplateError e) {
        Throwable cause = e.getException();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof TemplateException ? cause.getMessage() : e.getMessage();
        return message + (e.getLineno() > 0 ? " (template line " + e.getLineno() + ")" : "");
    }

    /** The template's {@code raise_exception(message)}. */
    public static Object raiseException(String message) {
        throw new TemplateException(message);
    }

    /** The template's {@code strftime_now(format)} for the common directives. */
    public static String strftimeNow(String format) {
        String f = format.replace("%Y", "yyyy").replace("%m", "MM").replace("%d", "dd")
                .replace("%B", "MMMM").replace("%b", "MMM").replace("%H", "HH").replace("%M", "mm");
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern(f));
    }
}
