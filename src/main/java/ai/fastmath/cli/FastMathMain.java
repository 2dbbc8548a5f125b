package ai.fastmath.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The executable's entry point. Only {@code serve} opens network ports: before Quarkus starts, the
 * command line decides whether the HTTP server listens and whether gRPC gets its own server and port
 * (for every other command application.properties hosts gRPC on the disabled HTTP server: no socket).
 */
@QuarkusMain
public class FastMathMain implements QuarkusApplication {

    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        ServeCommand.serverProperties(args).forEach(System::setProperty);
        Quarkus.run(FastMathMain.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
