package ai.fastmath.cli;

import picocli.CommandLine.Command;

/** {@code data}: training data for the small models. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Training data (the synthetic math curriculum).",
        subcommands = DataGenerateCommand.class)
public class DataCommand {}
