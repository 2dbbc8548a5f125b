package ai.fastmath.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A {@code fastmath} command as its own process, on the test class path, without Quarkus (as
 * {@link Cli} runs commands in-process): what a test needs to SIGKILL a real run.
 */
public final class CliProcess {

    private CliProcess() {}

    public static void main(String... args) {
        System.exit(CliErrors.handling(new CommandLine(new FastMathCommand())).execute(args));
    }

    /** Starts {@code fastmath ARGS} in a new JVM on this JVM's class path; its output goes to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CliProcess.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
