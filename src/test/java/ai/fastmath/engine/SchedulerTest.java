package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.kv.BlockAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler's decisions, step by step, without a model. */
class SchedulerTest {

    private static Sequence sequence(int promptLength, int maxTokens) {
        EngineRequest r = new EngineRequest(1, new int[promptLength], SamplingParams.greedy(maxTokens), 0);
        r.forked = true;
        Sequence s = new Sequence(r, 0, null);
        r.sequences.add(s);
        return s;
    }

    /** Marks the planned tokens computed, and a sampled token for each sequence at its end. */
    private static void run(List<Scheduler.Scheduled> plan) {
        for (Scheduler.Scheduled p : plan) {
            p.seq().computed += p.count();
            if (p.seq().pending() == 0) {
                p.seq().output.add(0);
            }
        }
    }

    @Test
    void longPromptsArePrefilledInChunksWhileOthersDecode() {
        Scheduler s = new Scheduler(new EngineConfig(8, 10, 256, 4, 100), new BlockAllocator(64, 4));
        Sequence shortOne = sequence(3, 50);
        s.waiting.add(shortOne);
        run(s.schedule()); // prefill 3, first token sampled
        Sequence longOne = sequence(25, 50);
        s.waiting.add(longOne);
        List<Scheduler.Scheduled> step = s.schedule();
        assertEquals(2, step.size());
        assertEquals(1, step.get(0).count(), "the running sequence decodes first");
        assertEquals(9, step.get(1).count(), "the newcomer gets what is left of the 10-token budget");
        run(step);
        step = s.schedule();
        assertEquals(List.of(1, 9), step.stream().map(Scheduler.Scheduled::count).toList());
        run(step);
        step = s.schedule();
        assertEquals(List.of(1, 7), step.stream().map(Scheduler.Scheduled::count).toList(), "the last chunk");
        run(step);
        assertEquals(1, longOne.pending(), "prefill complete, first token sampled");
    }

    @Test
    void maxNumSeqsAndFreeBlocksLimitAdmission() {
        Scheduler s = new Scheduler(new EngineConfig(2, 100, 64, 4, 100), new BlockAllocator(16, 4));
        for (int i = 0; i < 3; i++) {
            s.waiting.add(sequence(4, 8));
        }
        assertEquals(2, s.schedule().size(), "max_num_seqs");
        assertEquals(1, s.waiting.size());

        Scheduler tight = new Scheduler(new EngineConfig(8, 100, 16, 4, 100), new BlockAllocator(4, 4));
        tight.waiting.add(sequence(10, 4)); // 3 blocks
        tight.waiting.add(sequence(8, 4)); // 2 blocks: does not fit in the 1 left
        assertEquals(1, tight.schedule().size());
        assertEquals(1, tight.waiting.size());
    }

    @Test
    void aSequenceNeedingABlockPreemptsTheNewest() {
        BlockAllocator blocks = new BlockAllocator(4, 4);
        Scheduler s = new Scheduler(new EngineConfig(8, 100, 16, 4, 100), blocks);
        Sequence old = sequence(7, 20); // 2 blocks
        Sequence young = sequence(7, 20); // 2 blocks
        s.waiting.add(old);
        s.waiting.add(young);
        run(s.schedule()); // both prefilled: 4 blocks used
        assertEquals(0, blocks.freeBlocks());
        assertEquals(2, s.schedule().size(), "position 7 still fits in two blocks of 4");
        old.computed++;
        old.output.add(0);
        young.computed++;
        young.output.add(0);
        List<Scheduler.Scheduled> step = s.schedule(); // position 8 needs a third block each
        assertEquals(1, step.size(), "only the old one decodes");
        assertTrue(step.get(0).seq() == old);
        assertEquals(1, s.preemptions);
        assertTrue(s.waiting.peekFirst() == young, "the preempted sequence waits at the front");
        assertEquals(0, young.computed, "it will be recomputed");
        assertFalse(s.running.contains(young));
    }
}
