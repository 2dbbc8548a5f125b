package ai.fastmath.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * Where and in which precision tensors live: the device ({@code cpu}, {@code cuda}, {@code auto}), the
 * dtype of the weight matrices ({@code float32}, {@code float16}) and the dtype of the activations
 * (the residual stream, the KV cache). On CUDA both are the compute dtype. On the CPU, float16 means
 * float16 weights with float32 activations: float16 arithmetic is not native there, so each product
 * is picked per batch ({@link WeightProducts}); {@code auto} there is float32, or float16 weights
 * when float32 would not fit in memory ({@link #fitDtype}). Also the one place that prepares DJL:
 * offline mode (no model-zoo downloads, no usage reporting) before the engine is touched.
 *
 * @param fitDtype the dtype was {@code auto} on the CPU: loading a model that does not fit in
 *     float32 switches to float16 weights ({@link #fitting})
 */
public record TensorRuntime(Device device, DataType dtype, DataType activations, boolean fitDtype) {

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    public TensorRuntime {
        for (DataType t : new DataType[] {dtype, activations}) {
            if (t != DataType.FLOAT32 && t != DataType.FLOAT16) {
                throw new IllegalArgumentException("compute dtype must be float32 or float16, got " + t);
            }
        }
        if (dtype == DataType.FLOAT32 && activations != DataType.FLOAT32) {
            throw new IllegalArgumentException("float16 activations need float16 weights");
        }
    }

    /** Weights and activations in one dtype: float32 anywhere, or float16 end to end (as on CUDA). */
    public TensorRuntime(Device device, DataType dtype) {
        this(device, dtype, dtype, false);
    }

    /** float32 on the CPU: the reference configuration. */
    public static TensorRuntime cpu() {
        return new TensorRuntime(Device.cpu(), DataType.FLOAT32);
    }

    /** float16 weights and float32 activations on the CPU: half the weight bytes, float32 arithmetic where it is faster. */
    public static TensorRuntime cpuHalfWeights() {
        return new TensorRuntime(Device.cpu(), DataType.FLOAT16, DataType.FLOAT32, false);
    }

    /** Whether weight matrices and activations differ in dtype (float16 weights on the CPU). */
    public boolean mixed() {
        return dtype != activations;
    }

    /**
     * This runtime for a model of {@code weightBytesFloat32} bytes of float32 weights when
     * {@code available} bytes are free: float16 weights where the dtype was {@code auto} and float32
     * would not fit (with {@link MemoryFit#HEADROOM_BYTES} to spare), otherwise this runtime.
     */
    public TensorRuntime fitting(long weightBytesFloat32, long available) {
        if (!fitDtype || dtype != DataType.FLOAT32 || weightBytesFloat32 + MemoryFit.HEADROOM_BYTES <= available) {
            return this;
        }
        return new TensorRuntime(device, DataType.FLOAT16, DataType.FLOAT32, false);
    }

    /**
     * Resolves user settings. {@code device}: cpu | cuda | cuda:N | auto; {@code dtype}: float32 |
     * float16 | auto.
     */
    public static TensorRuntime of(String device, String dtype) {
        String d = device == null ? "auto" : device.toLowerCase(Locale.ROOT);
        Device dev;
        if (d.equals("auto")) {
            dev = gpuCount() > 0 ? Device.gpu() : Device.cpu();
        } else if (d.equals("cpu")) {
            dev = Device.cpu();
        } else if (d.startsWith("cuda") || d.startsWith("gpu")) {
            int id = d.contains(":") ? Integer.parseInt(d.substring(d.indexOf(':') + 1)) : 0;
            if (id >= gpuCount()) {
                throw new IllegalArgumentException(
                        "device " + device + " requested but " + gpuCount() + " CUDA devices are visible");
            }
            dev = Device.gpu(id);
        } else {
            throw new IllegalArgumentException("unknown device '" + device + "' (cpu, cuda, cuda:N, auto)");
        }
        String t = dtype == null ? "auto" : dtype.toLowerCase(Locale.ROOT);
        if (!dev.isGpu() && t.equals("auto")) {
            return new TensorRuntime(dev, DataType.FLOAT32, DataType.FLOAT32, true);
        }
        DataType type = switch (t) {
            case "auto" -> dev.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
            case "float32", "fp32", "f32" -> DataType.FLOAT32;
            case "float16", "fp16", "f16", "half" -> DataType.FLOAT16;
            case "bfloat16", "bf16" -> throw new IllegalArgumentException(
                    "bfloat16 compute is not supported by DJL's PyTorch engine; use float16 or float32");
            default -> throw new IllegalArgumentException("unknown dtype '" + dtype + "' (float32, float16, auto)");
        };
        return dev.isGpu() || type == DataType.FLOAT32
                ? new TensorRuntime(dev, type)
                : new TensorRuntime(dev, type, DataType.FLOAT32, false);
    }

    /** CUDA devices visible to libtorch. */
    public static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }

    /**
     * A new root manager on this runtime's device. A thread that has not been made a computing thread
     * ({@link IntraOpThreads#compute()}) runs its kernels on one core from here on.
     */
    public NDManager newManager() {
        IntraOpThreads.auxiliary();
        return NDManager.newBaseManager(device, "PyTorch");
    }

    @Override
    public String toString() {
        String weights = device + "/" + dtype.name().toLowerCase(Locale.ROOT);
        return mixed() ? weights + " weights, " + activations.name().toLowerCase(Locale.ROOT) + " activations" : weights;
    }
}
