package ai.fastmath.model;

import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link TensorSource} over float32 tensors held in memory. */
public final class MemoryTensors implements TensorSource {

    private final Map<String, NamedTensor> tensors = new LinkedHashMap<>();

    public MemoryTensors(List<NamedTensor> list) {
        for (NamedTensor t : list) {
            if (t.dtype() != DType.F32) {
                throw new IllegalArgumentException(t.name() + ": in-memory tensors are float32");
            }
            tensors.put(t.name(), t);
        }
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    @Override
    public long[] shape(String name) {
        return get(name).shape();
    }

    @Override
    public void readF32(String name, long offset, long count, ByteBuffer dst) {
        ByteBuffer src = get(name).data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        src.position(Math.toIntExact(offset * 4)).limit(Math.toIntExact((offset + count) * 4));
        dst.put(src);
    }

    private NamedTensor get(String name) {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException("missing tensor " + name);
        }
        return t;
    }
}
