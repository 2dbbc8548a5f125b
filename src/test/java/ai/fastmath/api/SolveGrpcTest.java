package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.api.grpc.SolverGrpcService;
import ai.fastmath.api.grpc.v1.SolveEvent;
import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolveResponse;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fastmath.v1.Solver} and the standard health service over a real gRPC channel. */
@QuarkusTest
@TestProfile(ServingProfile.class)
class SolveGrpcTest {

    private ManagedChannel channel;
    private SolverGrpc.SolverBlockingStub solver;

    @BeforeEach
    void connect() throws InterruptedException {
        Ready.await();
        channel = ManagedChannelBuilder.forAddress("localhost", TestPorts.grpc()).usePlaintext().build();
        solver = SolverGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static SolveRequest.Builder problem() {
        return SolveRequest.newBuilder().setProblem("What is 2+3?").setN(3).setMaxTokens(6).setSeed(5).setRule("none");
    }

    @Test
    void solveAnswersWithTheVote() {
        SolveResponse r = solver.solve(problem().setIncludeText(true).build());
        assertEquals(3, r.getSamplesCount());
        assertEquals("all_finished", r.getStopReason());
        assertEquals(3, r.getFinished());
        assertTrue(r.getTokens() >= 3);
        assertTrue(r.getSamples(0).hasText());
        assertFalse(r.getModel().isEmpty());
    }

    @Test
    void aConfidenceRuleCarriesEachSamplesConfidence() {
        SolveResponse r = solver.solve(problem().setRule("conf-vote:lowest-group:top50").build());
        assertEquals(3, r.getSamplesCount());
        for (int i = 0; i < 3; i++) {
            assertTrue(r.getSamples(i).hasConfidence() && r.getSamples(i).getConfidence() > 0, "sample " + i);
        }
        Iterator<SolveEvent> it = solver.solveStream(problem().setRule("conf-vote:tail:top50").build());
        int deltasWithConfidence = 0;
        int finishedWithConfidence = 0;
        while (it.hasNext()) {
            SolveEvent e = it.next();
            deltasWithConfidence += e.hasSampleDelta() && e.getSampleDelta().hasGroupConfidence() ? 1 : 0;
            finishedWithConfidence += e.hasSampleFinished() && e.getSampleFinished().hasConfidence() ? 1 : 0;
        }
        assertTrue(deltasWithConfidence >= 3, deltasWithConfidence + " deltas with a group confidence");
        assertEquals(3, finishedWithConfidence);
        // a plain rule reports none
        assertFalse(solver.solve(problem().build()).getSamples(0).hasConfidence());
    }

    @Test
    void solveStreamSendsTheSameEventsAsSse() {
        Iterator<SolveEvent> it = solver.solveStream(problem().build());
        List<SolveEvent.EventCase> cases = new ArrayList<>();
        SolveEvent last = null;
        while (it.hasNext()) {
            last = it.next();
            cases.add(last.getEventCase());
        }
        assertTrue(cases.contains(SolveEvent.EventCase.SAMPLE_DELTA));
        assertEquals(3, cases.stream().filter(SolveEvent.EventCase.SAMPLE_FINISHED::equals).count());
        assertEquals(3, cases.stream().filter(SolveEvent.EventCase.VOTE::equals).count());
        assertNotNull(last);
        assertEquals(SolveEvent.EventCase.RESULT, last.getEventCase());
        assertEquals(3, last.getResult().getSamplesCount());
    }

    @Test
    void badInputIsInvalidArgumentNamingTheField() {
        String[][] cases = {{"", "problem"}, {"n", "n"}, {"rule", "rule"}, {"top_p", "top_p"}, {"answer_mode", "answer_mode"}};
        for (String[] c : cases) {
            SolveRequest.Builder b = problem();
            switch (c[0]) {
                case "" -> b.setProblem(" ");
                case "n" -> b.setN(100);
                case "rule" -> b.setRule("maybe");
                case "top_p" -> b.setTopP(1.5);
                default -> b.setAnswerMode("loose");
            }
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> solver.solve(b.build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().startsWith(c[1] + ":"), e.getStatus().getDescription());
        }
        // bytes that are not a SolveRequest at all
        io.grpc.MethodDescriptor.Marshaller<byte[]> raw = new io.grpc.MethodDescriptor.Marshaller<>() {
            @Override
            public java.io.InputStream stream(byte[] value) {
                return new java.io.ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(java.io.InputStream stream) {
                return new byte[0];
            }
        };
        var garbage = SolverGrpc.getSolveMethod().toBuilder(raw, raw).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> io.grpc.stub.ClientCalls.blockingUnaryCall(
                channel, garbage, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2}));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    }

    @Test
    void theCallDeadlineEndsTheVoteWithThePartialResult() {
        SolveRequest r = SolveRequest.newBuilder().setProblem("Count to a thousand.").setN(8).setMaxTokens(450).setRule("none").build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> SolverGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS).solve(r));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        StatusRuntimeException viaField = assertThrows(StatusRuntimeException.class,
                () -> solver.solve(r.toBuilder().setDeadlineS(0.05).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, viaField.getStatus().getCode());
        byte[] partial = viaField.getTrailers().get(SolverGrpcService.PARTIAL_RESULT);
        assertNotNull(partial, "partial vote in the trailer");
        SolveResponse vote;
        try {
            vote = SolveResponse.parseFrom(partial);
        } catch (com.google.protobuf.InvalidProtocolBufferException notAResponse) {
            throw new AssertionError("the trailer is not a SolveResponse", notAResponse);
        }
        assertEquals("deadline", vote.getStopReason(), vote.toString());
        assertEquals(8, vote.getSamplesCount(), "every sample is reported, finished or cut");
        long cut = vote.getSamplesList().stream().filter(x -> x.getFinishReason().equals("abort")).count();
        assertEquals(8 - vote.getFinished(), cut, "the samples still running at the deadline were cut");
        assertTrue(cut > 0, "50 ms is too short for 8 samples of up to 450 tokens: " + vote);
        assertEquals(vote.getFinished(), vote.getTallyMap().values().stream().mapToInt(Integer::intValue).sum()
                + vote.getSamplesList().stream().filter(x -> !x.getFinishReason().equals("abort") && !x.hasAnswer()).count(),
                "the tally counts the finished samples that answered");
        assertEquals(vote.getSamplesList().stream().mapToLong(x -> x.getTokens()).sum(), vote.getTokens());
    }

    @Test
    void healthServiceSaysServing() {
        HealthOuterClass.HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthOuterClass.HealthCheckRequest.newBuilder().setService("fastmath.v1.Solver").build());
        assertEquals(HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
    }
}
