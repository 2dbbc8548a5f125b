package ai.fastmath.engine;

import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.kv.BlockAllocator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A model runner that breaks on demand: it runs the wrapped runner's forward pass (so the step's KV is
 * written, as by a pass that fails at its end) and then throws when {@code fails} says so; or its
 * step's draws throw when {@code drawFails} says so of the draws asked for in one call.
 */
public final class FaultyRunner implements ModelRunner {

    private final ModelRunner inner;
    private final Predicate<ForwardBatch> fails;
    private final Predicate<List<StepLogits.Draw>> drawFails;
    int failures;

    public FaultyRunner(ModelRunner inner, Predicate<ForwardBatch> fails) {
        this(inner, fails, draws -> false);
    }

    public FaultyRunner(ModelRunner inner, Predicate<ForwardBatch> fails, Predicate<List<StepLogits.Draw>> drawFails) {
        this.inner = inner;
        this.fails = fails;
        this.drawFails = drawFails;
    }

    /** True when any chunk of the batch runs {@code token}. */
    public static Predicate<ForwardBatch> runs(int token) {
        return batch -> batch.chunks().stream().anyMatch(c -> {
            for (int t : c.tokens()) {
                if (t == token) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public StepLogits forward(ForwardBatch batch) {
        StepLogits logits = inner.forward(batch);
        if (fails.test(batch)) {
            failures++;
            logits.close();
            throw new IllegalStateException("injected fault in a batch of " + batch.chunks().size() + " chunk(s)");
        }
        return new StepLogits() {
            @Override
            public List<TokenSampler.Sample> sample(List<Draw> draws) {
                if (drawFails.test(draws)) {
                    failures++;
                    throw new IllegalStateException("injected fault drawing " + draws.size() + " token(s)");
                }
                return logits.sample(draws);
            }

            @Override
            public long hostBytes() {
                return logits.hostBytes();
            }

            @Override
            public void close() {
                logits.close();
            }
        };
    }

    @Override
    public int vocabSize() {
        return inner.vocabSize();
    }

    @Override
    public int maxPositions() {
        return inner.maxPositions();
    }

    @Override
    public List<Integer> eosTokenIds() {
        return inner.eosTokenIds();
    }

    @Override
    public BlockAllocator allocator() {
        return inner.allocator();
    }

    @Override
    public void copySlots(long[] from, long[] to) {
        inner.copySlots(from, to);
    }

    @Override
    public void close() {
        inner.close();
    }
}
