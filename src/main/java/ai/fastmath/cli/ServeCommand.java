package ai.fastmath.cli;

import ai.fastmath.api.ModelHost;
import ai.fastmath.model.DefaultModel;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code serve}: the solve API over REST (with SSE, OpenAPI, health and metrics) and gRPC. The model
 * loads in the background; {@code /q/health/ready} turns UP once it serves.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the solve API: REST on --http-port, gRPC on --grpc-port.")
public class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Checkpoint directory to serve (or set fastmath.model / FASTMATH_MODEL).")
    Path model;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "8080", description = "REST port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--grpc-port", defaultValue = "9000", description = "gRPC port (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = {"--device"}, description = "cpu, cuda, cuda:N or auto (or fastmath.device).")
    String device;

    @Option(names = {"--dtype"}, description = "float32, float16 or auto (or fastmath.dtype).")
    String dtype;

    @Inject
    ModelHost modelHost;

    @ConfigProperty(name = "fastmath.model")
    java.util.Optional<String> configuredModel;

    @ConfigProperty(name = "quarkus.http.port")
    int boundHttpPort;

    @ConfigProperty(name = "quarkus.grpc.server.port")
    int boundGrpcPort;

    @Override
    public Integer call() {
        if (configuredModel.isEmpty() && !modelHost.loading() && modelHost.currentIfReady().isEmpty()) {
            throw new IllegalArgumentException("no model to serve: pass --model DIR (a Hugging Face checkpoint directory "
                    + "with tokenizer files), or set FASTMATH_MODEL");
        }
        System.err.printf("fastmath: REST on http://%s:%d (OpenAPI /q/openapi, Swagger UI /q/swagger-ui), gRPC on %s:%d; "
                + "model %s loading, ready at /q/health/ready%n", host(), boundHttpPort, host(), boundGrpcPort,
                configuredModel.orElse("?"));
        Quarkus.waitForExit();
        return 0;
    }

    private String host() {
        return host == null ? "0.0.0.0" : host;
    }

    /**
     * The Quarkus properties a command line needs before start-up: for {@code serve}, listening HTTP
     * and gRPC servers on the chosen ports, and the model, device and dtype; for any other command,
     * nothing (application.properties keeps the servers closed). The options are parsed by picocli,
     * with this command's own declarations, before Quarkus (and so before the command bean) exists; a
     * command line picocli refuses opens no server, and running the command reports the error.
     */
    static Map<String, String> serverProperties(String... args) {
        Map<String, String> props = new LinkedHashMap<>();
        if (args.length == 0 || !args[0].equals("serve")) {
            return props;
        }
        ParseResult given;
        try {
            given = new CommandLine(new ServeCommand()).parseArgs(Arrays.copyOfRange(args, 1, args.length));
        } catch (ParameterException e) {
            return props; // picocli reports it when the command runs; no server opens for a bad command line
        }
        props.put("quarkus.http.host-enabled", "true");
        props.put("quarkus.grpc.server.use-separate-server", "true");
        if (given.hasMatchedOption("--model")) {
            props.put("fastmath.model", given.matchedOptionValue("--model", Path.of("")).toString());
        }
        if (given.hasMatchedOption("--host")) {
            String host = given.matchedOptionValue("--host", "0.0.0.0");
            props.put("quarkus.http.host", host);
            props.put("quarkus.grpc.server.host", host);
        }
        if (given.hasMatchedOption("--http-port")) {
            props.put("quarkus.http.port", Integer.toString(given.matchedOptionValue("--http-port", 8080)));
        }
        if (given.hasMatchedOption("--grpc-port")) {
            props.put("quarkus.grpc.server.port", Integer.toString(given.matchedOptionValue("--grpc-port", 9000)));
        }
        if (given.hasMatchedOption("--device")) {
            props.put("fastmath.device", given.matchedOptionValue("--device", "auto"));
        }
        if (given.hasMatchedOption("--dtype")) {
            props.put("fastmath.dtype", given.matchedOptionValue("--dtype", "auto"));
        }
        if (!props.containsKey("fastmath.model") && System.getenv("FASTMATH_MODEL") == null
                && System.getProperty("fastmath.model") == null) {
            // nothing named: the model the training module committed (training/models/DEFAULT)
            DefaultModel.locate(Path.of("")).ifPresent(dir -> props.put("fastmath.model", dir.toString()));
        }
        return props;
    }
}
