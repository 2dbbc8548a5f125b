package ai.fastmath.model;

import java.util.List;

/**
 * One forward step over several sequences, each contributing the tokens it has not yet run: a whole
 * prompt (prefill), a prompt chunk, or one sampled token (decode). Sequences of different lengths
 * share the step.
 *
 * @param chunks one entry per sequence
 * @param allLogits true to return logits at every new position (scoring, training), false for only
 *     the last new position of each sequence (generation)
 */
public record ForwardBatch(List<Chunk> chunks, boolean allLogits) {

    /**
     * The new tokens of one sequence.
     *
     * @param tokens token ids to run, at positions {@code start .. start + tokens.length - 1}
     * @param start position of the first new token (the number already cached)
     * @param slots KV-cache slots of positions {@code 0 .. start + tokens.length - 1}, or {@code null}
     *     when the step runs without a cache (then {@code start} must be 0)
     */
    public record Chunk(int[] tokens, int start, long[] slots) {
        public Chunk {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("a chunk needs at least one token");
            }
            if (slots == null ? start != 0 : slots.length != start + tokens.length) {
                throw new IllegalArgumentException(
                        "chunk at position " + start + " with " + tokens.length + " tokens needs "
                                + (start + tokens.length) + " slots");
            }
        }

        /** Positions covered once this chunk has run. */
        public int end() {
            return start + tokens.length;
        }
    }

    public ForwardBatch {
        chunks = List.copyOf(chunks);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        boolean cached = chunks.get(0).slots() != null;
        for (Chunk c : chunks) {
            if ((c.slots() != null) != cached) {
                throw new IllegalArgumentException("all chunks of a batch use the cache, or none does");
            }
        }
    }

    /** A batch of whole sequences run without a cache, with logits at every position. */
    public static ForwardBatch uncached(List<int[]> sequences) {
        return new ForwardBatch(sequences.stream().map(s -> new Chunk(s, 0, null)).toList(), true);
    }

    /** Whether the step reads and writes the KV cache. */
    public boolean cached() {
        return chunks.get(0).slots() != null;
    }

    /** Total new tokens. */
    public int tokenCount() {
        return chunks.stream().mapToInt(c -> c.tokens().length).sum();
    }
}
