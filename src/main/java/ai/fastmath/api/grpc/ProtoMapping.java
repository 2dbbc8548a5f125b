package ai.fastmath.api.grpc;

import ai.fastmath.api.SolveBody;
import ai.fastmath.api.grpc.v1.Sample;
import ai.fastmath.api.grpc.v1.SampleDelta;
import ai.fastmath.api.grpc.v1.SampleFinished;
import ai.fastmath.api.grpc.v1.SolveEvent;
import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolveResponse;
import ai.fastmath.api.grpc.v1.VoteUpdate;
import ai.fastmath.solve.SolveResult;

/** Protobuf messages to and from the service's own types. */
final class ProtoMapping {

    private ProtoMapping() {}

    /**
     * The request, with the call's own deadline (seconds left, or null) bounding deadline_s. An invalid
     * deadline_s stays as given, so that it is refused by name rather than hidden by the call's.
     */
    static SolveBody body(SolveRequest r, Double callDeadline) {
        Double deadline = r.hasDeadlineS() ? r.getDeadlineS() : null;
        if (callDeadline != null && (deadline == null || (SolveBody.validDeadline(deadline) && callDeadline < deadline))) {
            deadline = callDeadline;
        }
        return new SolveBody(
                r.getProblem(),
                r.hasSystemPrompt() ? r.getSystemPrompt() : null,
                r.hasN() ? r.getN() : null,
                r.hasTemperature() ? r.getTemperature() : null,
                r.hasTopP() ? r.getTopP() : null,
                r.hasMinP() ? r.getMinP() : null,
                r.hasMaxTokens() ? r.getMaxTokens() : null,
                r.hasTokenBudget() ? r.getTokenBudget() : null,
                deadline,
                r.hasRule() ? r.getRule() : null,
                r.hasSeed() ? r.getSeed() : null,
                r.getIncludeText(),
                r.hasAnswerMode() ? r.getAnswerMode() : null,
                r.hasFallback() ? r.getFallback() : null,
                r.hasMaxParallel() ? r.getMaxParallel() : null);
    }

    static SolveResponse response(String model, SolveResult r) {
        SolveResponse.Builder b = SolveResponse.newBuilder()
                .setShare(r.share())
                .putAllTally(r.tally())
                .setTokens(r.tokens())
                .setSeconds(r.seconds())
                .setStarted(r.started())
                .setFinished(r.finished())
                .setStopReason(r.stopReason())
                .setModel(model);
        if (r.answer() != null) {
            b.setAnswer(r.answer());
        }
        for (SolveResult.Sample s : r.samples()) {
            Sample.Builder sb = Sample.newBuilder().setIndex(s.index()).setTokens(s.tokens())
                    .setFinishReason(s.finishReason() == null ? "" : s.finishReason());
            if (s.answer() != null) {
                sb.setAnswer(s.answer());
            }
            if (s.text() != null) {
                sb.setText(s.text());
            }
            if (s.confidence() != null) {
                sb.setConfidence(s.confidence());
            }
            b.addSamples(sb);
        }
        return b.build();
    }

    static SolveEvent event(ai.fastmath.solve.SolveEvent e) {
        SolveEvent.Builder b = SolveEvent.newBuilder();
        if (e instanceof ai.fastmath.solve.SolveEvent.SampleDelta d) {
            SampleDelta.Builder db = SampleDelta.newBuilder().setIndex(d.index()).setText(d.text()).setTokens(d.tokens());
            if (d.groupConfidence() != null) {
                db.setGroupConfidence(d.groupConfidence());
            }
            b.setSampleDelta(db);
        } else if (e instanceof ai.fastmath.solve.SolveEvent.SampleFinished f) {
            SampleFinished.Builder fb = SampleFinished.newBuilder().setIndex(f.index()).setTokens(f.tokens())
                    .setFinishReason(f.finishReason());
            if (f.answer() != null) {
                fb.setAnswer(f.answer());
            }
            if (f.confidence() != null) {
                fb.setConfidence(f.confidence());
            }
            b.setSampleFinished(fb);
        } else if (e instanceof ai.fastmath.solve.SolveEvent.VoteUpdate v) {
            VoteUpdate.Builder vb = VoteUpdate.newBuilder().setShare(v.share()).putAllTally(v.tally())
                    .setFinished(v.finished()).setRunning(v.running());
            if (v.leader() != null) {
                vb.setLeader(v.leader());
            }
            b.setVote(vb);
        } else {
            throw new IllegalArgumentException("no protobuf form for " + e.type());
        }
        return b.build();
    }
}
