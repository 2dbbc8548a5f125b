package ai.fastmath.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code fastmath} executable: one command per job, each its own subcommand. */
@TopCommand
@Command(
        name = "fastmath",
        mixinStandardHelpOptions = true,
        version = "FastMath 0.1.0",
        description = "Serve and train efficient math-reasoning LLMs (Qwen2 architecture) on the JVM.",
        subcommands = {SolveCommand.class, ServeCommand.class, AdminCommand.class, GenerateCommand.class, ScoreCommand.class, BenchCommand.class,
            EvalCommand.class, GradeCommand.class, TrainCommand.class, DataCommand.class, ChecksumCommand.class})
public class FastMathCommand {}
