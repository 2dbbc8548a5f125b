package ai.fastmath.model;

import java.nio.ByteBuffer;

/**
 * Named tensors a model can be built from: a checkpoint on disk, or weights made in memory (random
 * initialisation, a trainer's state).
 */
public interface TensorSource {

    /** Whether a tensor of this name exists. */
    boolean contains(String name);

    /** Shape of a tensor; a {@link CheckpointException} if it is missing. */
    long[] shape(String name);

    /**
     * Writes {@code count} elements from element {@code offset}, as little-endian float32, into
     * {@code dst} from its position (which advances by {@code 4 * count}).
     */
    void readF32(String name, long offset, long count, ByteBuffer dst);
}
