package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import ai.fastmath.model.safetensors.TensorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaded weights written back (fused q/k/v and gate/up split again) equal the checkpoint they came from. */
class WeightsExportTest {

    @TempDir
    Path tmp;

    @Test
    void exportedCheckpointEqualsTheOriginal() throws Exception {
        Path original = Golden.dir(Golden.F32);
        List<NamedTensor> exported;
        try (Qwen2Model model = Qwen2Model.load(original, TensorRuntime.cpu())) {
            exported = model.weights().toNamedTensors(DType.F32);
        }
        ModelConfig.load(original).write(tmp);
        SafetensorsWriter.writeCheckpoint(tmp, exported, 50_000);
        try (TensorStore a = TensorStore.open(original); TensorStore b = TensorStore.open(tmp)) {
            assertEquals(new TreeSet<>(a.names()), new TreeSet<>(b.names()));
            for (String name : a.names()) {
                assertArrayEquals(a.info(name).shape(), b.info(name).shape(), name);
                assertArrayEquals(a.readFloats(name), b.readFloats(name), name);
            }
        }
    }
}
