package ai.fastmath.training;

import ai.djl.ndarray.NDArray;
import ai.fastmath.io.Json;
import ai.fastmath.model.Qwen2Weights;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.SafetensorsFile;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import ai.fastmath.model.safetensors.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a killed run needs besides the weights: the optimizer step and the AdamW moments
 * ({@code optimizer.safetensors}) and where it was in the data ({@code trainer_state.json}: the
 * data order and, in GRPO, the rollouts' sampling seeds are functions of the seed and the step, so the
 * step says where to go on). There is no other randomness (no dropout), so weights, moments and step
 * restore the run exactly.
 *
 * @param step optimizer steps done
 * @param totalSteps the run's planned steps
 * @param seed the data order's seed
 * @param fingerprint the settings and data the run was started with (a resume must match)
 */
public record TrainerState(int step, int totalSteps, long seed, String fingerprint) {

    public static final String STATE = "trainer_state.json";
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** Writes the state and the moments into a checkpoint directory. */
    public void write(Path dir, List<Qwen2Weights.Param> params, List<NDArray> moments) {
        List<NamedTensor> tensors = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            tensors.add(named("m." + params.get(i).name(), moments.get(2 * i)));
            tensors.add(named("v." + params.get(i).name(), moments.get(2 * i + 1)));
        }
        try {
            SafetensorsWriter.write(dir.resolve(OPTIMIZER), tensors, Map.of("step", String.valueOf(step)));
            Json.MAPPER.writeValue(dir.resolve(STATE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trainer state to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The state of a checkpoint directory, if it has one. */
    public static Optional<TrainerState> read(Path dir) {
        Path f = dir.resolve(STATE);
        if (!Files.exists(f) || !Files.exists(dir.resolve(OPTIMIZER))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(f.toFile(), TrainerState.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(f + " is not a trainer state: " + e.getMessage(), e);
        }
    }

    /** The moments saved in a checkpoint directory, in {@code params} order (m0, v0, m1, v1, ...). */
    public static List<float[]> readMoments(Path dir, List<Qwen2Weights.Param> params) {
        List<float[]> out = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(OPTIMIZER))) {
            for (Qwen2Weights.Param p : params) {
                for (String kind : List.of("m.", "v.")) {
                    TensorInfo t = f.tensors().get(kind + p.name());
                    if (t == null) {
                        throw new IllegalArgumentException(dir + ": optimizer state lacks " + kind + p.name());
                    }
                    ByteBuffer b = f.map(t, 0, t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
                    float[] values = new float[Math.toIntExact(t.byteLength() / 4)];
                    b.asFloatBuffer().get(values);
                    out.add(values);
                }
            }
        }
        return out;
    }

    private static NamedTensor named(String name, NDArray a) {
        return NamedTensor.ofFloats(name, DType.F32, a.getShape().getShape(), a.toFloatArray());
    }
}
