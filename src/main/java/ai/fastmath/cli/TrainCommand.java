package ai.fastmath.cli;

import picocli.CommandLine.Command;

/** {@code train}: the training stages. */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = TrainSftCommand.class,
        description = "Train the model the server serves: stage 1 (sft).")
public class TrainCommand {}
