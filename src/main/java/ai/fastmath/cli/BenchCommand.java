package ai.fastmath.cli;

import picocli.CommandLine.Command;

/** {@code bench}: benchmarks that print a table and write JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (print a table, write JSON).",
        subcommands = {BenchForwardCommand.class, BenchEngineCommand.class, BenchSolveCommand.class,
                BenchLoadCommand.class, BenchGradeCommand.class})
public class BenchCommand {}
