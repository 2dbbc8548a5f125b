package ai.fastmath.cli;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.RequestHandle;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.ChatTemplate;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: continue a prompt with a checkpoint and print the text as it is produced. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Continue a prompt and print the continuation.")
public class GenerateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory (Hugging Face layout, with tokenizer.json).")
    Path model;

    @Option(names = "--prompt", required = true, description = "Prompt text.")
    String prompt;

    @Option(names = "--chat", description = "Wrap the prompt in the model's chat template as a user turn.")
    boolean chat;

    @Option(names = "--system", description = "System prompt for --chat.")
    String system;

    @Option(names = "--max-tokens", defaultValue = "256", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy decoding (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        TensorRuntime runtime = runtimeOptions.runtime();
        PrintWriter out = spec.commandLine().getOut();
        try (TextTokenizer tokenizer = TextTokenizer.load(model);
                Qwen2Model m = Qwen2Model.load(model, runtime)) {
            String text = chat ? chatPrompt(tokenizer) : prompt;
            int[] ids = tokenizer.encode(text);
            if (ids.length == 0) {
                throw new IllegalArgumentException("the prompt encodes to no tokens");
            }
            int positions = Math.min(ids.length + maxTokens, m.config().maxPositionEmbeddings());
            SamplingParams params = SamplingParams.builder()
                    .temperature(temperature)
                    .seed(seed)
                    .maxTokens(maxTokens)
                    .stopTokenIds(tokenizer.stopTokenIds(m.config().eosTokenIds()))
                    .build();
            EngineConfig config = EngineConfig.defaults().withMaxNumSeqs(1).withKvCacheTokens(positions + 16);
            try (Engine engine = Engine.of(m, tokenizer::decode, config)) {
                RequestHandle handle = engine.submit(ids, params);
                handle.events().subscribe().asStream().forEach(e -> {
                    out.print(e.textDelta());
                    out.flush();
                });
            }
            out.println();
            out.flush();
        }
    }

    private String chatPrompt(TextTokenizer tokenizer) {
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow(
                () -> new IllegalArgumentException(model + " has no chat_template in tokenizer_config.json; drop --chat"));
        return template.prompt(system, prompt);
    }
}
