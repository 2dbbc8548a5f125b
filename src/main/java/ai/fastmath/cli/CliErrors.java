package ai.fastmath.cli;

import ai.fastmath.model.CheckpointException;
import ai.fastmath.model.kv.KvCacheFullException;
import ai.fastmath.model.tokenizer.ChatTemplate;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * User mistakes (a bad checkpoint, a bad option value) end the command with one clear line on
 * stderr and exit status 1; anything else is a bug and keeps its stack trace.
 */
@ApplicationScoped
public class CliErrors {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return handling(factory.create());
    }

    /** The command line with this error handling installed (tests build commands without CDI). */
    static CommandLine handling(CommandLine commandLine) {
        return commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CheckpointException || e instanceof IllegalArgumentException
                    || e instanceof ChatTemplate.TemplateException || e instanceof KvCacheFullException
                    || e instanceof UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
    }
}
