package ai.fastmath.model;

import ai.fastmath.model.safetensors.TensorStore;
import java.nio.ByteBuffer;

/** A {@link TensorSource} over the safetensors files of a checkpoint directory. */
final class CheckpointTensors implements TensorSource {

    private final TensorStore store;

    CheckpointTensors(TensorStore store) {
        this.store = store;
    }

    @Override
    public boolean contains(String name) {
        return store.contains(name);
    }

    @Override
    public long[] shape(String name) {
        return store.info(name).shape();
    }

    @Override
    public void readF32(String name, long offset, long count, ByteBuffer dst) {
        store.readF32(name, offset, count, dst);
    }
}
