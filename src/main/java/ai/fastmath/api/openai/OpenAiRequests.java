package ai.fastmath.api.openai;

import ai.fastmath.api.LoadedModel;
import ai.fastmath.api.RequestLimits;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.model.tokenizer.ChatTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks OpenAI request bodies against the model in service and turns them into a {@link Generation}.
 * Every refusal is an {@link IllegalArgumentException} whose message starts with the field's name
 * (HTTP 400 with {@code param}); a model that is not served is an {@link UnknownModelException}.
 * Defaults are OpenAI's: temperature 1, top_p 1, n 1, 16 tokens for completions. The service's
 * {@link RequestLimits} bound n (prompts x n), prompt tokens and max_tokens.
 */
final class OpenAiRequests {

    private static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 16;
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private OpenAiRequests() {}

    static Generation completion(CompletionBody b, LoadedModel model, RequestLimits limits) {
        if (b == null) {
            throw new IllegalArgumentException("body: a JSON object with \"prompt\" is required");
        }
        checkModel(b.model(), model);
        if (Boolean.TRUE.equals(b.echo())) {
            throw new IllegalArgumentException("echo: not supported; the prompt is not repeated in the output");
        }
        if (b.suffix() != null) {
            throw new IllegalArgumentException("suffix: not supported (no fill-in-the-middle)");
        }
        int n = b.n() == null ? 1 : b.n();
        if (b.bestOf() != null && b.bestOf() != n) {
            throw new IllegalArgumentException("best_of: only best_of = n is supported, got " + b.bestOf() + " with n " + n);
        }
        List<int[]> prompts = completionPrompts(b.prompt(), model);
        return generation(b, model, prompts, b.maxTokens(), "max_tokens", COMPLETIONS_DEFAULT_MAX_TOKENS, limits);
    }

    static Generation chat(ChatCompletionBody b, LoadedModel model, int defaultMaxTokens, RequestLimits limits) {
        if (b == null) {
            throw new IllegalArgumentException("body: a JSON object with \"messages\" is required");
        }
        checkModel(b.model(), model);
        if (b.topLogprobs() != null && b.topLogprobs() != 0) {
            throw new IllegalArgumentException("top_logprobs: not supported");
        }
        if (b.maxTokens() != null && b.maxCompletionTokens() != null && !b.maxTokens().equals(b.maxCompletionTokens())) {
            throw new IllegalArgumentException("max_completion_tokens: differs from max_tokens; give one of them");
        }
        Integer maxTokens = b.maxCompletionTokens() != null ? b.maxCompletionTokens() : b.maxTokens();
        String field = b.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
        int[] prompt = model.tokenizer().encode(render(b.messages(), model));
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException(field + ": must be at least 1, got " + maxTokens);
        }
        return generation(b, model, List.of(prompt), maxTokens, field, defaultMaxTokens, limits);
    }

    private static void checkModel(String requested, LoadedModel model) {
        if (requested != null && !requested.equals(model.id())) {
            throw new UnknownModelException("model: the model `" + requested + "` does not exist; this service serves `"
                    + model.id() + "` (GET /v1/models)");
        }
    }

    private static String render(List<ChatCompletionBody.Message> messages, LoadedModel model) {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("messages: at least one message is required");
        }
        List<ChatTemplate.Message> chat = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatCompletionBody.Message m = messages.get(i);
            String at = "messages[" + i + "]";
            if (m == null || m.role() == null || !ROLES.contains(m.role())) {
                throw new IllegalArgumentException(at + ".role: must be one of system, user, assistant");
            }
            chat.add(new ChatTemplate.Message(m.role(), content(m.content(), at + ".content")));
        }
        ChatTemplate template = model.tokenizer().chatTemplate()
                .orElseThrow(() -> new IllegalArgumentException("messages: the model has no chat template; use /v1/completions"));
        try {
            return template.render(chat, true);
        } catch (ChatTemplate.TemplateException e) {
            throw new IllegalArgumentException("messages: the chat template refused them: " + e.getMessage(), e);
        }
    }

    /** A message's text: a string, or the concatenated text parts of an array. */
    static String content(JsonNode c, String field) {
        if (c != null && c.isTextual()) {
            return c.asText();
        }
        if (c != null && c.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : c) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw new IllegalArgumentException(field + ": only text parts ({\"type\": \"text\", \"text\": ...}) are supported");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw new IllegalArgumentException(field + ": must be a string or an array of text parts");
    }

    /** A string, an array of strings, an array of token ids, or an array of arrays of token ids. */
    static List<int[]> completionPrompts(JsonNode p, LoadedModel model) {
        String expected = "prompt: must be a string, an array of strings, an array of token ids or an array of such arrays";
        if (p == null || p.isNull()) {
            throw new IllegalArgumentException("prompt: is required");
        }
        List<int[]> prompts = new ArrayList<>();
        if (p.isTextual()) {
            prompts.add(model.tokenizer().encode(p.asText()));
        } else if (p.isArray() && !p.isEmpty() && p.get(0).isIntegralNumber()) {
            prompts.add(tokenIds(p, model, "prompt"));
        } else if (p.isArray() && !p.isEmpty()) {
            for (int i = 0; i < p.size(); i++) {
                JsonNode e = p.get(i);
                if (e.isTextual()) {
                    prompts.add(model.tokenizer().encode(e.asText()));
                } else if (e.isArray()) {
                    prompts.add(tokenIds(e, model, "prompt[" + i + "]"));
                } else {
                    throw new IllegalArgumentException(expected);
                }
            }
        } else {
            throw new IllegalArgumentException(expected);
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length == 0) {
                throw new IllegalArgumentException("prompt: " + (prompts.size() > 1 ? "prompt " + i + " " : "")
                        + "is empty (no tokens)");
            }
        }
        return prompts;
    }

    private static int[] tokenIds(JsonNode ids, LoadedModel model, String field) {
        int vocab = model.config().vocabSize();
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode t = ids.get(i);
            if (!t.canConvertToInt() || !t.isIntegralNumber() || t.asInt() < 0 || t.asInt() >= vocab) {
                throw new IllegalArgumentException(field + ": token ids must be integers in [0, " + vocab + "), got " + t);
            }
            out[i] = t.asInt();
        }
        return out;
    }

    private static Generation generation(SamplingFields f, LoadedModel model, List<int[]> prompts, Integer maxTokens,
            String maxTokensField, int defaultMaxTokens, RequestLimits limits) {
        int n = f.n() == null ? 1 : f.n();
        limits.checkN(n);
        if ((long) n * prompts.size() > limits.maxN()) {
            throw new IllegalArgumentException("n: " + prompts.size() + " prompts x n " + n + " is more than "
                    + limits.maxN() + " choices");
        }
        unsupported(f);
        int context = model.config().maxPositionEmbeddings();
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        String promptField = f instanceof ChatCompletionBody ? "messages" : "prompt";
        limits.checkPrompt(promptField, longest);
        int room = context - longest;
        if (room < 1) {
            throw new IllegalArgumentException(promptField + ": "
                    + longest + " tokens fill the model's context of " + context + " tokens; nothing is left to generate");
        }
        int tokens = maxTokens != null ? maxTokens : limits.capTokens(Math.min(defaultMaxTokens, room));
        if (tokens < 1) {
            throw new IllegalArgumentException(maxTokensField + ": must be at least 1, got " + tokens);
        }
        limits.checkMaxTokens(maxTokensField, tokens);
        if (tokens > room) {
            throw new IllegalArgumentException("max_tokens: this model's maximum context length is " + context
                    + " tokens; the prompt takes " + longest + " and max_tokens asks for " + tokens);
        }
        SamplingParams params = SamplingParams.builder()
                .n(n)
                .temperature(range("temperature", f.temperature(), 1.0, 0, 2))
                .topP(topP(f.topP()))
                .topK(topK(f.topK()))
                .minP(range("min_p", f.minP(), 0.0, 0, 1))
                .seed(f.seed())
                .maxTokens(tokens)
                .stop(stop(f.stop()))
                .build();
        boolean stream = Boolean.TRUE.equals(f.stream());
        if (!stream && f.streamOptions() != null) {
            throw new IllegalArgumentException("stream_options: only allowed with stream: true");
        }
        boolean usage = stream && f.streamOptions() != null && Boolean.TRUE.equals(f.streamOptions().includeUsage());
        return new Generation(model, prompts, params, stream, usage);
    }

    /** OpenAI fields FastMath does not implement: refused unless left at their neutral value. */
    private static void unsupported(SamplingFields f) {
        if (f.presencePenalty() != null && f.presencePenalty() != 0) {
            throw new IllegalArgumentException("presence_penalty: not supported (only 0)");
        }
        if (f.frequencyPenalty() != null && f.frequencyPenalty() != 0) {
            throw new IllegalArgumentException("frequency_penalty: not supported (only 0)");
        }
        Map<String, Double> bias = f.logitBias();
        if (bias != null && !bias.isEmpty()) {
            throw new IllegalArgumentException("logit_bias: not supported");
        }
        JsonNode lp = f.logprobs();
        if (lp != null && !lp.isNull() && !(lp.isBoolean() && !lp.asBoolean()) && !(lp.isIntegralNumber() && lp.asInt() == 0)) {
            throw new IllegalArgumentException("logprobs: not supported");
        }
    }

    private static double range(String field, Double v, double dflt, double lo, double hi) {
        double x = v == null ? dflt : v;
        if (!(x >= lo && x <= hi)) {
            throw new IllegalArgumentException(field + ": must be in [" + lo + ", " + hi + "], got " + v);
        }
        return x;
    }

    private static double topP(Double v) {
        double p = v == null ? 1.0 : v;
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("top_p: must be in (0, 1], got " + v);
        }
        return p;
    }

    /** vLLM's convention: -1 (or 0) turns top-k off. */
    private static int topK(Integer v) {
        if (v == null || v == -1 || v == 0) {
            return 0;
        }
        if (v < -1) {
            throw new IllegalArgumentException("top_k: must be -1 (off) or a positive number of tokens, got " + v);
        }
        return v;
    }

    static List<String> stop(JsonNode s) {
        String expected = "stop: must be a string or an array of non-empty strings";
        if (s == null || s.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (s.isTextual()) {
            out.add(s.asText());
        } else if (s.isArray()) {
            s.forEach(e -> out.add(e.isTextual() ? e.asText() : null));
        } else {
            throw new IllegalArgumentException(expected);
        }
        if (out.contains(null) || out.contains("")) {
            throw new IllegalArgumentException(expected);
        }
        return out;
    }
}
