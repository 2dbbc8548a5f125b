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

    /** {@code count} elements from element {@code offset}, as float32 in a direct little-endian buffer. */
    ByteBuffer readF32(String name, long offset, long count);
}
