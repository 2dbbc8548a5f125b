package ai.fastmath.api.openai;

import ai.fastmath.api.ModelHost;
import ai.fastmath.api.RequestLimits;
import ai.fastmath.api.ServingConfig;
import ai.fastmath.api.ShutdownDrain;
import ai.fastmath.api.rest.ApiErrors;
import ai.fastmath.engine.FinishReason;
import ai.fastmath.engine.RequestHandle;
import ai.fastmath.engine.RequestOutput;
import ai.fastmath.engine.SequenceEvent;
import ai.fastmath.engine.SequenceOutput;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Runs OpenAI completions and chat completions on the engine of the model in service: the same
 * scheduler, KV cache and metrics as {@code /v1/solve}. A whole response, or a stream of chunks as
 * server-sent events ending in {@code data: [DONE]}; a client that goes away cancels its sequences.
 */
@ApplicationScoped
public class OpenAiService {

    private final ModelHost host;
    private final ServingConfig config;
    private final ObjectMapper json;
    private final RequestLimits limits;
    private final ShutdownDrain drain;

    public OpenAiService(ModelHost host, ServingConfig config, ObjectMapper json, ShutdownDrain drain) {
        this.host = host;
        this.config = config;
        this.json = json;
        this.limits = RequestLimits.of(config);
        this.drain = drain;
    }

    /** Checks a completions body against the model in service (bad input throws, see {@link OpenAiRequests}). */
    public Generation completion(CompletionBody body) {
        drain.checkAccepting();
        return OpenAiRequests.completion(body, host.current(), limits);
    }

    /** Checks a chat body; without max_tokens a choice gets what the context leaves, up to the solve default. */
    public Generation chat(ChatCompletionBody body) {
        drain.checkAccepting();
        return OpenAiRequests.chat(body, host.current(), config.solve().maxTokens(), limits);
    }

    /**
     * Submits every prompt of a generation at once (one engine command: one schedule); a shutdown's
     * cut aborts them (finish_reason abort) and they count as in flight until all are done.
     */
    private List<RequestHandle> submit(Generation g) {
        List<RequestHandle> handles = g.model().engine().submitAll(g.prompts(), g.prompts().stream().map(p -> g.params()).toList());
        Runnable untrack = drain.track(() -> handles.forEach(RequestHandle::cancel));
        for (RequestHandle h : handles) { // one prompt failed (an engine fault): the others stop too
            h.result().exceptionally(e -> {
                handles.forEach(RequestHandle::cancel);
                return null;
            });
        }
        results(handles).whenComplete((r, e) -> untrack.run());
        return handles;
    }

    /** The whole completion once every choice has finished. */
    public Uni<TextCompletion> complete(Generation g) {
        return run(g).map(outs -> {
            List<TextCompletion.Choice> choices = new ArrayList<>();
            forEachChoice(g, outs, (index, s) -> choices.add(new TextCompletion.Choice(index, s.text(), null,
                    s.finishReason().wireName())));
            return new TextCompletion(newId("cmpl-"), "text_completion", now(), g.model().id(), choices, usage(g, outs));
        });
    }

    /** The whole chat completion once every choice has finished. */
    public Uni<ChatCompletion> completeChat(Generation g) {
        return run(g).map(outs -> {
            List<ChatCompletion.Choice> choices = new ArrayList<>();
            forEachChoice(g, outs, (index, s) -> choices.add(new ChatCompletion.Choice(index,
                    new ChatCompletion.Message("assistant", s.text()), null, s.finishReason().wireName())));
            return new ChatCompletion(newId("chatcmpl-"), "chat.completion", now(), g.model().id(), choices, usage(g, outs));
        });
    }

    private Uni<List<RequestOutput>> run(Generation g) {
        List<RequestHandle> handles = submit(g);
        return Uni.createFrom().completionStage(results(handles))
                .onCancellation().invoke(() -> handles.forEach(RequestHandle::cancel));
    }

    /** Completes when every request has; never joins on the caller's thread. */
    private static CompletableFuture<List<RequestOutput>> results(List<RequestHandle> handles) {
        CompletableFuture<?>[] all = handles.stream().map(RequestHandle::result).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(v -> handles.stream().map(h -> h.result().join()).toList());
    }

    private interface ChoiceConsumer {
        void accept(int index, SequenceOutput sequence);
    }

    private static void forEachChoice(Generation g, List<RequestOutput> outs, ChoiceConsumer c) {
        int n = g.params().n();
        for (int p = 0; p < outs.size(); p++) {
            for (SequenceOutput s : outs.get(p).sequences()) {
                c.accept(p * n + s.index(), s);
            }
        }
    }

    private static Usage usage(Generation g, List<RequestOutput> outs) {
        int generated = outs.stream().flatMap(o -> o.sequences().stream()).mapToInt(s -> s.tokenIds().size()).sum();
        return Usage.of(g.promptTokens(), generated);
    }

    /**
     * The completion as server-sent events: a chunk per text delta of any choice (the last of a choice
     * with its finish reason), then the usage if asked for, then {@code [DONE]}. Each element is one
     * whole event ({@code data: ...\n\n}). An engine fault ends the stream with
     * {@code data: {"error": {...}}} and {@code [DONE]}.
     */
    public Multi<String> stream(Generation g, boolean chat) {
        String id = newId(chat ? "chatcmpl-" : "cmpl-");
        long created = now();
        String model = g.model().id();
        int n = g.params().n();
        List<RequestHandle> handles = submit(g);
        List<Multi<String>> perPrompt = new ArrayList<>();
        for (int p = 0; p < handles.size(); p++) {
            int base = p * n;
            perPrompt.add(handles.get(p).events()
                    .filter(e -> !e.textDelta().isEmpty() || e.finished())
                    .map(e -> event(chat ? chatChunk(id, created, model, base, e) : textChunk(id, created, model, base, e))));
        }
        List<String> opening = new ArrayList<>();
        if (chat) { // the role first, for every choice, as OpenAI streams it
            for (int i = 0; i < n * handles.size(); i++) {
                opening.add(event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                        List.of(new ChatCompletionChunk.Choice(i, new ChatCompletionChunk.Delta("assistant", ""), null, null)),
                        null)));
            }
        }
        // after the last token: the usage (once every result is in; never block the engine thread for it), then [DONE]
        Multi<String> closing = Uni.createFrom().completionStage(results(handles))
                .map(outs -> {
                    List<String> tail = new ArrayList<>();
                    if (g.includeUsage()) {
                        Usage u = usage(g, outs);
                        tail.add(event(chat ? new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), u)
                                : new TextCompletion(id, "text_completion", created, model, List.of(), u)));
                    }
                    tail.add("data: [DONE]\n\n");
                    return tail;
                })
                .onItem().transformToMulti(tail -> Multi.createFrom().iterable(tail));
        Multi<String> tokens = Multi.createBy().merging().streams(perPrompt);
        // an engine fault after the stream began (status 200 already sent) ends it with an error event, as vLLM does
        return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(opening), tokens, closing)
                .onFailure().recoverWithMulti(e -> {
                    handles.forEach(RequestHandle::cancel);
                    return Multi.createFrom().items(event(ApiErrors.streamed(e)), "data: [DONE]\n\n");
                })
                .onCancellation().invoke(() -> handles.forEach(RequestHandle::cancel));
    }

    private static TextCompletion textChunk(String id, long created, String model, int base, SequenceEvent e) {
        return new TextCompletion(id, "text_completion", created, model,
                List.of(new TextCompletion.Choice(base + e.index(), e.textDelta(), null, finish(e))), null);
    }

    private static ChatCompletionChunk chatChunk(String id, long created, String model, int base, SequenceEvent e) {
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta(null, e.textDelta().isEmpty() ? null : e.textDelta());
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChatCompletionChunk.Choice(base + e.index(), delta, null, finish(e))), null);
    }

    private static String finish(SequenceEvent e) {
        FinishReason r = e.finishReason();
        return r == null ? null : r.wireName();
    }

    private String event(Object chunk) {
        try {
            return "data: " + json.writeValueAsString(chunk) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chunk", e);
        }
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
