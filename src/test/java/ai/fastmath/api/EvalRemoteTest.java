package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.api.client.GrpcSolveClient;
import ai.fastmath.api.client.RestSolveClient;
import ai.fastmath.eval.EqualSharePolicy;
import ai.fastmath.eval.EvalFiles;
import ai.fastmath.eval.EvalRunner;
import ai.fastmath.eval.EvalSettings;
import ai.fastmath.eval.EvalSummary;
import ai.fastmath.eval.ProblemResult;
import ai.fastmath.eval.ProblemSet;
import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.StopRule;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator against a running service, over REST and over gRPC: the same protocol, the same files. */
@QuarkusTest
@TestProfile(ServingProfile.class)
class EvalRemoteTest {

    private static final SolveRequest TEMPLATE = SolveRequest.builder("x").samples(2).maxTokensPerSample(6)
            .rule(StopRule.NEVER).answerMode(AnswerChecker.Mode.AIMO).build();

    @TempDir
    Path tmp;

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    private static List<ProblemSet.Problem> problems() {
        return List.of(new ProblemSet.Problem("a", "What is 1+1?", "2"), new ProblemSet.Problem("b", "What is 2+3?", "5"),
                new ProblemSet.Problem("c", "What is 3+4?", null));
    }

    private void runsTheProtocol(ProblemSolver solver, String dir) throws Exception {
        EvalSettings settings = new EvalSettings(Duration.ofSeconds(30), Duration.ofMinutes(1), 2, TEMPLATE,
                new EqualSharePolicy(2), "0", Duration.ofSeconds(2), Duration.ofMillis(200));
        List<ProblemResult> rows = new ArrayList<>();
        EvalSummary s = new EvalRunner(solver, settings, new EvalFiles(tmp.resolve(dir))).run(problems(), "sha", rows::add);
        assertEquals(3, s.reached());
        for (ProblemResult r : rows) {
            assertEquals("all_finished", r.stopReason(), r.toString());
            assertEquals(2, r.finished());
            assertTrue(r.tokens() > 0 && r.tokens() <= 12, r.toString());
        }
        assertEquals(4, Files.readAllLines(tmp.resolve(dir).resolve("submission.csv")).size());
    }

    @Test
    void evaluatesOverRest() throws Exception {
        try (RestSolveClient client = new RestSolveClient(URI.create("http://localhost:" + TestPorts.http()), null)) {
            runsTheProtocol(client, "rest");
            ExecutionException bad = assertThrows(ExecutionException.class,
                    () -> client.submit(TEMPLATE.withSamples(2).withMaxTokensPerSample(100_000)).result().get(30, TimeUnit.SECONDS));
            assertTrue(bad.getCause() instanceof IllegalArgumentException, bad.getCause().toString());
            assertTrue(bad.getCause().getMessage().contains("max_tokens"), bad.getCause().getMessage());
        }
    }

    @Test
    void evaluatesOverGrpc() throws Exception {
        try (GrpcSolveClient client = new GrpcSolveClient("localhost:" + TestPorts.grpc())) {
            runsTheProtocol(client, "grpc");
            ExecutionException bad = assertThrows(ExecutionException.class,
                    () -> client.submit(TEMPLATE.withMaxTokensPerSample(100_000)).result().get(30, TimeUnit.SECONDS));
            assertTrue(bad.getCause() instanceof IllegalArgumentException, bad.getCause().toString());
        }
    }

    @Test
    void aDeadlineReturnsThePartialVoteOverBothProtocols() throws Exception {
        SolveRequest slow = TEMPLATE.withMaxTokensPerSample(400).withSamples(2).withDeadline(Duration.ofMillis(200));
        try (RestSolveClient rest = new RestSolveClient(URI.create("http://localhost:" + TestPorts.http()), null);
                GrpcSolveClient grpc = new GrpcSolveClient("localhost:" + TestPorts.grpc())) {
            for (ProblemSolver client : List.<ProblemSolver>of(rest, grpc)) {
                SolveResult r = client.submit(slow).result().get(30, TimeUnit.SECONDS);
                assertNotNull(r, client.describe());
                assertEquals("deadline", r.stopReason(), client.describe());
            }
        }
    }
}
