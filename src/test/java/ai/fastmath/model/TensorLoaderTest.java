package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.fastmath.model.safetensors.TensorStore;
import org.junit.jupiter.api.Test;

/** Tensors larger than one staging chunk arrive whole and in order. */
class TensorLoaderTest {

    @Test
    void chunkedLoadEqualsTheStoredTensor() {
        try (TensorStore store = TensorStore.open(Golden.dir(Golden.BF16_SHARDED));
                NDManager m = TensorRuntime.cpu().newManager()) {
            TensorLoader loader = new TensorLoader(m, DataType.FLOAT32, 5 * 64); // 5 rows of 64 per chunk
            NDArray embed = loader.load(new CheckpointTensors(store), "model.embed_tokens.weight", 96, 64);
            assertArrayEquals(store.readFloats("model.embed_tokens.weight"), embed.toFloatArray());
            NDArray norm = loader.load(new CheckpointTensors(store), "model.norm.weight", 64);
            assertArrayEquals(store.readFloats("model.norm.weight"), norm.toFloatArray());
        }
    }
}
