package ai.fastmath.cli;

import ai.fastmath.model.TensorRuntime;
import picocli.CommandLine.Option;

/** Device and dtype options shared by every command that runs a model. */
public class RuntimeOptions {

    @Option(names = "--device", defaultValue = "auto", description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--dtype", defaultValue = "auto", description = "float32, float16 or auto: float16 on CUDA, float32 on CPU (default: ${DEFAULT-VALUE})")
    String dtype;

    TensorRuntime runtime() {
        return TensorRuntime.of(device, dtype);
    }
}
