package ai.fastmath.cli;

import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.data.Curriculum;
import ai.fastmath.training.data.CurriculumConfig;
import ai.fastmath.training.data.CurriculumFiles;
import ai.fastmath.training.data.CurriculumStats;
import ai.fastmath.training.data.CurriculumTokenizer;
import ai.fastmath.training.data.Example;
import ai.fastmath.training.data.Family;
import ai.fastmath.training.data.SplitSizes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code data generate}: writes the synthetic curriculum (SFT traces, validation, test, GRPO problems,
 * the test split as AIMO CSV) and the small model's tokenizer, then prints counts and mean lengths.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate the synthetic math curriculum: train/val/test.jsonl (R1-style traces), grpo.jsonl",
                "(problems and answers), test.csv (AIMO format) and tokenizer/ (the small model's tokenizer).",
                "The same seed gives the same files byte for byte."})
public class DataGenerateCommand implements Runnable {

    /** Traces that the written tokenizer is checked on. */
    private static final int CHECKED_TRACES = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", required = true, description = "Random seed.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (files in it are replaced).")
    Path out;

    @Option(names = "--train", defaultValue = "20000", description = "SFT traces (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--val", defaultValue = "300", description = "Validation traces (default: ${DEFAULT-VALUE}).")
    int val;

    @Option(names = "--test", defaultValue = "300", description = "Test traces (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--grpo", defaultValue = "2000", description = "GRPO problems (default: ${DEFAULT-VALUE}).")
    int grpo;

    @Override
    public void run() {
        long start = System.nanoTime();
        SplitSizes sizes = new SplitSizes(train, val, test, grpo);
        Curriculum.Splits splits = new Curriculum(CurriculumConfig.DEFAULT).generate(seed, sizes);
        CurriculumFiles.write(out, splits);
        checkTokenizer(splits);
        List<String> families = Curriculum.families().stream().map(Family::name).toList();
        List<CurriculumStats.Row> rows = CurriculumStats.rows(splits, families, CurriculumTokenizer::tokenCount);
        PrintWriter console = spec.commandLine().getOut();
        console.print(CurriculumStats.table(rows));
        console.printf("wrote %s: %s (tokenizer vocabulary %d) in %.1f s%n", out, String.join(", ", CurriculumFiles.FILES),
                CurriculumTokenizer.vocabSize(), (System.nanoTime() - start) / 1e9);
        console.flush();
    }

    /**
     * Loads the written tokenizer as a checkpoint's and checks it on the first traces: exact round trips
     * and the token counts of the table (counting every trace through the native tokenizer would take
     * longer than generating them).
     */
    private void checkTokenizer(Curriculum.Splits splits) {
        try (TextTokenizer tokenizer = TextTokenizer.load(out.resolve("tokenizer"))) {
            for (Example e : splits.train().subList(0, Math.min(CHECKED_TRACES, splits.train().size()))) {
                int[] ids = tokenizer.encode(e.generation());
                if (!tokenizer.decode(ids).equals(e.generation()) || ids.length != CurriculumTokenizer.tokenCount(e.generation())) {
                    throw new IllegalStateException("the written tokenizer does not reproduce " + e.id());
                }
            }
        }
    }
}
