package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.TestCheckpoints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train sft} and {@code eval} really killed: the run is a separate process, SIGKILLed midway
 * (no shutdown hook, no flush), then started again with the same command. Work finished before the
 * kill (checkpointed steps, answered problems) is kept as it was, and the resumed run completes.
 */
class KillResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Waits for {@code ready} while the process lives, then SIGKILLs it; fails if it ended first. */
    private static void killWhen(Process p, BooleanSupplier ready, Path log) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        while (!ready.getAsBoolean()) {
            assertTrue(p.isAlive(), "the run ended before it could be killed:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < end, "nothing to kill for 120 s:\n" + Files.readString(log));
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), "still running when killed");
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
    }

    private static int runToEnd(Path log, String... args) throws Exception {
        Process p = CliProcess.start(log, args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the resumed run finishes:\n" + Files.readString(log));
        return p.exitValue();
    }

    @Test
    void sftKilledMidRunResumesFromItsLastCheckpointToTheSameModel() throws Exception {
        Path data = tmp.resolve("data");
        StringWriter err = new StringWriter();
        assertEquals(0, Cli.run(new StringWriter(), err, "data", "generate", "--seed", "2", "--out", data.toString(),
                "--train", "32", "--val", "8", "--test", "8", "--grpo", "8"), err.toString());
        Path killed = tmp.resolve("killed");
        Path reference = tmp.resolve("reference");
        Path config = tmp.resolve("sft.yaml");
        Files.writeString(config, String.join("\n",
                "model: {checkpoint: null, vocab_size: 101, hidden_size: 32, intermediate_size: 64, num_layers: 1,",
                "        num_heads: 2, num_kv_heads: 1, max_position_embeddings: 1024, init_std: 0.02, init_seed: 0}",
                "tokenizer: " + data.resolve("tokenizer"),
                "data: {train: " + data.resolve("train.jsonl") + ", system_prompt: 'Reason.'}",
                "training: {epochs: 2, batch_size: 4, gradient_accumulation: 1, learning_rate: 3.0e-3, warmup_ratio: 0.1,",
                "           min_lr_ratio: 0.1, weight_decay: 0.01, max_grad_norm: 1.0, max_length: 1024, seed: 0,",
                "           save_steps: 2, keep_checkpoints: 2}",
                "output_dir: " + killed,
                "device: cpu", ""));
        int steps = 16; // 32 examples / 4 x 2 epochs

        Path log = tmp.resolve("killed.log");
        Process p = CliProcess.start(log, "train", "sft", "--config", config.toString());
        killWhen(p, () -> Files.exists(killed.resolve("checkpoint-4")), log);
        int saved = latestCheckpoint(killed);
        assertTrue(saved >= 4 && saved < steps, "killed mid-run at checkpoint " + saved);
        List<String> before = Files.readAllLines(killed.resolve("metrics.jsonl"));
        assertTrue(before.size() >= saved, "every checkpointed step's metrics are on disk");
        assertTrue(!Files.exists(killed.resolve("model.safetensors")), "no final model yet");

        Path resumeLog = tmp.resolve("resumed.log");
        assertEquals(0, runToEnd(resumeLog, "train", "sft", "--config", config.toString()), Files.readString(resumeLog));
        List<String> after = Files.readAllLines(killed.resolve("metrics.jsonl"));
        assertEquals(IntStream.rangeClosed(1, steps).boxed().toList(), after.stream().map(KillResumeTest::step).toList(),
                "every step once, in order");
        assertEquals(before.subList(0, saved), after.subList(0, saved), "the checkpointed steps are kept as they were");

        assertEquals(0, Cli.run(new StringWriter(), err, "train", "sft", "--config", config.toString(), "--output-dir",
                reference.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(reference.resolve("model.safetensors")), Files.readAllBytes(killed.resolve("model.safetensors")),
                "the killed and resumed run ends with the uninterrupted run's weights");
    }

    @Test
    void evalKilledMidRunKeepsItsAnsweredProblemsAndFinishesTheRest() throws Exception {
        Path model = TestCheckpoints.tinyQwen(tmp.resolve("tiny"), 1);
        Path problems = Path.of(KillResumeTest.class.getResource("/datasets/aimo2/reference.csv").toURI());
        Path out = tmp.resolve("eval");
        String[] args = {"eval", "--problems", problems.toString(), "--time-limit", "150s", "--out", out.toString(), "--model",
                model.toString(), "--max-tokens", "96", "--policy", "equal", "--n", "4", "--device", "cpu"};
        Path log = tmp.resolve("killed.log");
        Process p = CliProcess.start(log, args);
        killWhen(p, () -> answered(out) >= 3, log);
        List<String> before = complete(out);
        assertTrue(before.size() >= 3 && before.size() < 10, "killed with " + before.size() + " of 10 answered");

        Path resumeLog = tmp.resolve("resumed.log");
        assertEquals(0, runToEnd(resumeLog, args), Files.readString(resumeLog));
        List<String> after = complete(out);
        assertEquals(10, after.size(), Files.readString(resumeLog));
        assertEquals(before, after.subList(0, before.size()), "the problems answered before the kill are kept as they were");
        assertEquals(10, after.stream().map(l -> read(l).path("id").asText()).distinct().count(), "each problem once");
        assertTrue(after.stream().noneMatch(l -> read(l).path("stop_reason").asText().equals("not_reached")),
                "the resumed run reached every problem: " + after);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(10, summary.path("reached").asInt(), summary.toString());
    }

    private static int latestCheckpoint(Path run) throws Exception {
        try (var s = Files.list(run)) {
            return s.map(x -> x.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+"))
                    .mapToInt(n -> Integer.parseInt(n.substring(11))).max().orElse(0);
        }
    }

    private static int step(String line) {
        return read(line).path("step").asInt();
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** Answered problems: whole lines of results.jsonl (a line cut by the kill is not one). */
    private static List<String> complete(Path out) {
        try {
            Path f = out.resolve("results.jsonl");
            if (!Files.exists(f)) {
                return List.of();
            }
            String text = Files.readString(f);
            List<String> lines = text.lines().toList();
            return text.endsWith("\n") ? lines : lines.subList(0, Math.max(0, lines.size() - 1));
        } catch (Exception e) {
            return List.of();
        }
    }

    private static int answered(Path out) {
        return complete(out).size();
    }
}
