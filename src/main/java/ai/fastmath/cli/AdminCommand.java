package ai.fastmath.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code admin}: operations on a running service. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operate a running FastMath service.",
        subcommands = AdminCommand.LoadModel.class)
public class AdminCommand {

    /** {@code admin load-model DIR}: swap a new checkpoint into a running service. */
    @Command(name = "load-model", mixinStandardHelpOptions = true,
            description = "Load a checkpoint into a running service; accepted requests finish on the old model.")
    static class LoadModel implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Checkpoint directory, as the server sees it.")
        Path dir;

        @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "Service URL (default: ${DEFAULT-VALUE}).")
        URI server;

        @Option(names = "--admin-key", defaultValue = "${env:FASTMATH_ADMIN_KEY}",
                description = "The service's admin key, sent as a bearer token (default: $FASTMATH_ADMIN_KEY; "
                        + "prefer the variable: options show in the process list).")
        String adminKey;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String body = new ObjectMapper().writeValueAsString(Map.of("path", dir.toAbsolutePath().toString()));
            HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/v1/admin/models/load"))
                    .timeout(Duration.ofMinutes(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (adminKey != null && !adminKey.isBlank()) {
                request.header("Authorization", "Bearer " + adminKey.strip());
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot reach " + server + ": " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (response.statusCode() != 200) {
                spec.commandLine().getErr().println("error: " + response.statusCode() + " " + response.body());
                return 1;
            }
            out.println(response.body());
            out.flush();
            return 0;
        }
    }
}
