package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders without picocli warnings: descriptions are format strings, so a bare '%'
 * makes picocli print warnings whenever the help or a usage error is shown, and show the raw text.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> names = new ArrayList<>();
        StringBuilder usage = new StringBuilder();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(new FastMathCommand())));
            for (int i = 0; i < commands.size(); i++) {
                commands.addAll(commands.get(i).getSubcommands().values());
                names.add(commands.get(i).getCommandSpec().qualifiedName());
                usage.append(commands.get(i).getUsageMessage());
            }
        } finally {
            System.setErr(stderr);
        }
        assertTrue(names.contains("fastmath eval sweep"), "walked the subcommands: " + names);
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        assertTrue(usage.toString().contains("(default: 2% of the limit, 2-60 s)"), "a '%%' renders as '%'");
    }
}
