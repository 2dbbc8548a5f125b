package ai.fastmath.cli;

import picocli.CommandLine.Command;

/** {@code train}: the training stages. */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainSftCommand.class, TrainGrpoCommand.class},
        description = "Train the model the server serves: stage 1 (sft), stage 2 (grpo).")
public class TrainCommand {}
