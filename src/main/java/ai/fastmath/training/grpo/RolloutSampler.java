package ai.fastmath.training.grpo;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.FinishReason;
import ai.fastmath.engine.RequestHandle;
import ai.fastmath.engine.RequestOutput;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.engine.SequenceOutput;
import ai.fastmath.model.ComputeThread;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.tokenizer.ChatTemplate;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Samples a step's rollouts with the project's continuous-batching engine (the way the paper used vLLM):
 * the policy's current weights are copied into an inference model, every prompt goes in at once with
 * n = G, and the engine batches them. Each prompt's seed is a function of the run's seed, the step and
 * the prompt, so a resumed run samples the same completions.
 */
public final class RolloutSampler {

    private final TextTokenizer tokenizer;
    private final String systemPrompt;
    private final RolloutSettings settings;
    private final int endOfTurn;

    public RolloutSampler(TextTokenizer tokenizer, String systemPrompt, RolloutSettings settings) {
        this.tokenizer = tokenizer;
        this.systemPrompt = systemPrompt;
        this.settings = settings;
        this.endOfTurn = tokenizer.eosId();
    }

    /** The prompt tokens of a problem, as the solver renders them, cut to the last {@code maxPromptLength}. */
    public int[] prompt(String problem) {
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow(
                () -> new IllegalArgumentException("the tokenizer has no chat template"));
        int[] p = tokenizer.encode(template.prompt(systemPrompt, problem));
        return p.length <= settings.maxPromptLength() ? p : Arrays.copyOfRange(p, p.length - settings.maxPromptLength(), p.length);
    }

    /**
     * G completions of each problem, group after group, from a copy of {@code policy}'s weights.
     *
     * @param compute the thread the engine's forward passes run on; null for the engine's own loop
     */
    public List<Completion> sample(Qwen2Model policy, List<String> problems, long seed, ComputeThread compute) {
        int[][] prompts = problems.stream().map(this::prompt).toArray(int[][]::new);
        int seqs = settings.maxNumSeqs();
        int context = Math.min(policy.config().maxPositionEmbeddings(), settings.maxPromptLength() + settings.maxCompletionLength());
        EngineConfig ec = new EngineConfig(seqs, 1024, seqs * context + 64, 16, 100_000);
        Qwen2Model copy = Qwen2Model.build(policy.config(), new MemoryTensors(policy.weights().toNamedTensors(DType.F32)),
                policy.runtime());
        List<Completion> out = new ArrayList<>();
        try (Engine engine = Engine.of(copy, tokenizer::decode, ec, compute)) { // the engine owns the copy
            List<SamplingParams> params = new ArrayList<>();
            for (int i = 0; i < prompts.length; i++) {
                SamplingParams p = SamplingParams.builder().n(settings.numGenerations()).temperature(settings.temperature())
                        .topP(settings.topP()).minP(settings.minP()).seed(seed * 1_000_003L + i)
                        .maxTokens(Math.min(settings.maxCompletionLength(), context - prompts[i].length))
                        .stopTokenIds(Set.of(endOfTurn)).build();
                params.add(p);
            }
            List<RequestHandle> handles = engine.submitAll(Arrays.asList(prompts), params); // one schedule: reproducible
            for (int i = 0; i < prompts.length; i++) {
                RequestOutput r = handles.get(i).result().get();
                for (SequenceOutput s : r.sequences()) {
                    int[] tokens = s.tokenIds().stream().mapToInt(Integer::intValue).toArray();
                    int textEnd = tokens.length > 0 && tokens[tokens.length - 1] == endOfTurn ? tokens.length - 1 : tokens.length;
                    out.add(new Completion(i, prompts[i], tokens, tokenizer.decode(Arrays.copyOf(tokens, textEnd)),
                            s.finishReason() == FinishReason.LENGTH));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling rollouts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("rollout failed: " + e.getCause().getMessage(), e.getCause());
        }
        return out;
    }
}
