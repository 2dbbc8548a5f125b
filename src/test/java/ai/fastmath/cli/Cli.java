package ai.fastmath.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code fastmath} commands that need no CDI through picocli, with the app's error handling. */
final class Cli {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs a command line, collecting its output in {@link #out} and {@link #err}; returns the exit code. */
    int run(String... args) {
        return run(out, err, args);
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = CliErrors.handling(new CommandLine(new FastMathCommand()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
