package ai.fastmath.engine;

import ai.fastmath.model.kv.BlockAllocator;
import ai.fastmath.model.kv.BlockTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Chooses each step's work, iteration-level as in vLLM: every running sequence that is decoding gets
 * one token, then partly prefilled sequences continue in chunks, then waiting sequences are admitted
 * while {@code max_num_seqs}, the step's token budget and the KV cache allow.
 *
 * <p>KV policy (vLLM's): a sequence is admitted when its whole current length fits in the free
 * blocks; when a running sequence later needs a block and none is free, the most recently admitted
 * sequence is preempted: its blocks are freed and it goes back to the front of the queue, to be
 * recomputed (prompt and output so far) when it is readmitted. The oldest sequence always makes
 * progress, so nothing is stuck as long as one sequence fits in the cache, which submission checks.
 */
final class Scheduler {

    /** A sequence and how many of its pending tokens run this step. */
    record Scheduled(Sequence seq, int count) {}

    final Deque<Sequence> waiting = new ArrayDeque<>();
    final List<Sequence> running = new ArrayList<>(); // admission order
    private final EngineConfig config;
    private final BlockAllocator allocator;
    private long admissions;
    long preemptions;

    Scheduler(EngineConfig config, BlockAllocator allocator) {
        this.config = config;
        this.allocator = allocator;
    }

    boolean hasWork() {
        return !waiting.isEmpty() || !running.isEmpty();
    }

    /** Marks a sequence as admitted now (fork children are admitted directly). */
    void admit(Sequence s) {
        s.admittedOrder = admissions++;
        running.add(s);
    }

    List<Scheduled> schedule() {
        List<Scheduled> plan = new ArrayList<>();
        int budget = config.maxNumBatchedTokens();
        // 1. one token for every decoding sequence, oldest first
        for (Sequence s : new ArrayList<>(running)) {
            if (budget == 0) {
                break;
            }
            // a sequence preempted to make room for an older one is back in the queue
            if (running.contains(s) && s.pending() == 1 && reserve(s, 1, plan)) {
                plan.add(new Scheduled(s, 1));
                budget--;
            }
        }
        // 2. prefills in progress continue, as far as budget and free blocks allow
        for (Sequence s : running) {
            if (budget == 0) {
                break;
            }
            if (s.pending() > 1) {
                int chunk = Math.min(Math.min(s.pending(), budget), fits(s));
                if (chunk > 0) {
                    s.table.ensureCapacity(s.computed + chunk);
                    plan.add(new Scheduled(s, chunk));
                    budget -= chunk;
                }
            }
        }
        // 3. admit from the queue while limits allow
        while (!waiting.isEmpty() && budget > 0) {
            Sequence s = waiting.peekFirst();
            int seqs = s.request.forked || s.index > 0 ? 1 : s.request.params.n();
            if (!running.isEmpty() && running.size() + seqs > config.maxNumSeqs()) {
                break;
            }
            if (allocator.blocksFor(s.length()) > allocator.freeBlocks()) {
                break;
            }
            waiting.pollFirst();
            s.table = new BlockTable(allocator);
            s.computed = 0;
            int chunk = Math.min(s.pending(), budget);
            s.table.ensureCapacity(chunk);
            admit(s);
            plan.add(new Scheduled(s, chunk));
            budget -= chunk;
        }
        return plan;
    }

    /** Tokens of {@code s} that fit in its blocks plus the free ones. */
    private int fits(Sequence s) {
        return s.table.capacity() + allocator.freeBlocks() * allocator.blockSize() - s.computed;
    }

    /**
     * Makes room for {@code count} more tokens of {@code s}, preempting the latest-admitted
     * sequences not yet in this step's plan; false if {@code s} was itself the one preempted.
     */
    private boolean reserve(Sequence s, int count, List<Scheduled> plan) {
        while (allocator.blocksFor(s.computed + count) - s.table.numBlocks() > allocator.freeBlocks()) {
            Sequence victim = latestUnplanned(plan);
            preempt(victim);
            if (victim == s) {
                return false;
            }
        }
        s.table.ensureCapacity(s.computed + count);
        return true;
    }

    private Sequence latestUnplanned(List<Scheduled> plan) {
        Sequence latest = null;
        for (Sequence r : running) {
            boolean planned = plan.stream().anyMatch(p -> p.seq() == r);
            if (!planned && (latest == null || r.admittedOrder > latest.admittedOrder)) {
                latest = r;
            }
        }
        return latest;
    }

    private void preempt(Sequence s) {
        running.remove(s);
        s.releaseKv();
        waiting.addFirst(s);
        preemptions++;
    }

    /** Takes a sequence out of the queues (finished or aborted) and frees its KV. */
    void remove(Sequence s) {
        running.remove(s);
        waiting.remove(s);
        s.releaseKv();
    }
}
