package ai.fastmath.solve;

import java.util.Map;

/**
 * What a running vote reports while it runs, in order: sample text as it is generated, each sample's
 * end with its answer, the tally after every finished sample, and once the final result.
 */
public sealed interface SolveEvent {

    /** The event's name on the wire (an SSE event name, a gRPC oneof case). */
    String type();

    /** New text of one sample; with a confidence rule, its group confidence after it (null otherwise). */
    record SampleDelta(int index, String text, int tokens, Double groupConfidence) implements SolveEvent {
        @Override
        public String type() {
            return "sample_delta";
        }
    }

    /**
     * A sample ended: its answer (null for none or when pruned), tokens, why ("stop", "length", "abort",
     * "low_confidence"), and with a confidence rule its trace score (null otherwise).
     */
    record SampleFinished(int index, String answer, int tokens, String finishReason, Double confidence) implements SolveEvent {
        @Override
        public String type() {
            return "sample_finished";
        }
    }

    /** The tally after a sample finished. */
    record VoteUpdate(String leader, double share, Map<String, Integer> tally, int finished, int running)
            implements SolveEvent {
        @Override
        public String type() {
            return "vote";
        }
    }

    /** The final result; always the last event. */
    record Done(SolveResult result) implements SolveEvent {
        @Override
        public String type() {
            return "result";
        }
    }
}
