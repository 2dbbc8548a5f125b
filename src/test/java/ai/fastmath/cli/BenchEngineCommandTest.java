package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.engine.EngineBenchmark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fastmath bench engine} on a tiny random model: the table, the speed-ups and the JSON file. */
class BenchEngineCommandTest {

    @TempDir
    Path tmp;

    @Test
    void tinyRunPrintsEveryModeAndWritesSpeedupsToJson() throws Exception {
        Cli cli = new Cli();
        Path json = tmp.resolve("engine.json");
        int code = cli.run(tinyBench("--requests", "6", "--mean-output", "4", "--max-output", "8",
                "--modes", "sequential,static,continuous4", "--parallel-repeats", "3", "--json", json.toString()));
        assertEquals(0, code, cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("continuous 4: "), out);
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals(3, doc.get("runs").size());
        JsonNode sp = doc.get("speedups").get(0);
        assertEquals(4, sp.get("max_num_seqs").asInt());
        double continuous = doc.get("runs").get(2).get("tokens_per_s").asDouble();
        double sequential = doc.get("runs").get(0).get("tokens_per_s").asDouble();
        assertEquals(continuous / sequential, sp.get("vs_sequential").asDouble(), 1e-9);
        JsonNode ps = doc.get("parallel_sampling");
        assertEquals(3, ps.get("repeats").asInt());
        assertEquals(ps.get("forked_wall_s").asDouble() / ps.get("independent_wall_s").asDouble(), ps.get("ratio").asDouble(), 1e-9);
        assertEquals(256, ps.get("forked_prefill_tokens").asInt()); // one prefill, forked 8 ways
        assertEquals(8 * 256, ps.get("independent_prefill_tokens").asInt());
    }

    @Test
    void zeroParallelRepeatsIsRefusedWithAMessage() {
        Cli cli = new Cli();
        int code = cli.run(tinyBench("--requests", "2", "--mean-output", "2", "--max-output", "4",
                "--modes", "continuous2", "--parallel-repeats", "0"));
        assertTrue(code != 0);
        assertTrue(cli.err.toString().contains("repeats must be at least 1"), cli.err.toString());
    }

    @Test
    void speedupsLeaveOutTheRunsThatWereNotMade() {
        EngineBenchmark.Run seq = run("sequential", 1, 50);
        EngineBenchmark.Run cont = run("continuous", 64, 600);
        List<Map<String, Object>> both = BenchEngineCommand.speedups(List.of(seq, run("static", 32, 300), cont));
        assertEquals(12.0, (Double) both.get(0).get("vs_sequential"), 1e-12);
        assertEquals(2.0, (Double) both.get(0).get("vs_static"), 1e-12);
        List<Map<String, Object>> noStatic = BenchEngineCommand.speedups(List.of(seq, cont));
        assertEquals(List.of("max_num_seqs", "vs_sequential"), List.copyOf(noStatic.get(0).keySet()));
    }

    /** {@code bench engine} on a one-layer random model with 4-token prompts, then {@code more}. */
    private static String[] tinyBench(String... more) {
        List<String> args = new ArrayList<>(List.of("bench", "engine", "--hidden", "32", "--layers", "1",
                "--heads", "2", "--kv-heads", "1", "--intermediate", "64", "--vocab", "64", "--prompt-tokens", "4"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static EngineBenchmark.Run run(String mode, int seqs, double tokensPerS) {
        return new EngineBenchmark.Run(mode, seqs, 10, 100, 1, tokensPerS, 1, 1, 1, 1, 0.1, 0, 0);
    }
}
