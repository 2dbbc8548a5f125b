package ai.fastmath.model.kv;

/** The bounded KV cache has no free block; the scheduler decides what to wait for or preempt. */
public class KvCacheFullException extends RuntimeException {

    public KvCacheFullException(String message) {
        super(message);
    }
}
