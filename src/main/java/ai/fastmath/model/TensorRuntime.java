package ai.fastmath.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * Where and in which precision tensors live: the device ({@code cpu}, {@code cuda}, {@code auto}) and
 * the compute dtype ({@code float32}, {@code float16}; {@code auto} = float16 on CUDA, float32 on
 * CPU). Also the one place that prepares DJL: offline mode (no model-zoo downloads, no usage
 * reporting) before the engine is touched.
 */
public record TensorRuntime(Device device, DataType dtype) {

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    public TensorRuntime {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("compute dtype must be float32 or float16, got " + dtype);
        }
    }

    /** float32 on the CPU: the reference configuration. */
    public static TensorRuntime cpu() {
        return new TensorRuntime(Device.cpu(), DataType.FLOAT32);
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
        DataType type = switch (t) {
            case "auto" -> dev.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
            case "float32", "fp32", "f32" -> DataType.FLOAT32;
            case "float16", "fp16", "f16", "half" -> DataType.FLOAT16;
            case "bfloat16", "bf16" -> throw new IllegalArgumentException(
                    "bfloat16 compute is not supported by DJL's PyTorch engine; use float16 or float32");
            default -> throw new IllegalArgumentException("unknown dtype '" + dtype + "' (float32, float16, auto)");
        };
        return new TensorRuntime(dev, type);
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
        return device + "/" + dtype.name().toLowerCase(Locale.ROOT);
    }
}
