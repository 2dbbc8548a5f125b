package ai.fastmath.training.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a generated curriculum to a directory: {@code train.jsonl}, {@code val.jsonl},
 * {@code test.jsonl}, {@code grpo.jsonl} (one {@link Example} a line), {@code test.csv} (the test
 * split as an AIMO problem set {@code id,problem,answer}) and {@code tokenizer/}.
 */
public final class CurriculumFiles {

    /** The file names, in the order they are written. */
    public static final List<String> FILES = List.of("train.jsonl", "val.jsonl", "test.jsonl", "grpo.jsonl", "test.csv",
            "tokenizer/tokenizer.json", "tokenizer/tokenizer_config.json");

    private static final ObjectWriter LINE = new ObjectMapper().writer();

    private CurriculumFiles() {}

    public static void write(Path dir, Curriculum.Splits splits) {
        try {
            Files.createDirectories(dir);
            jsonl(dir.resolve("train.jsonl"), splits.train());
            jsonl(dir.resolve("val.jsonl"), splits.val());
            jsonl(dir.resolve("test.jsonl"), splits.test());
            jsonl(dir.resolve("grpo.jsonl"), splits.grpo());
            csv(dir.resolve("test.csv"), splits.test());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the curriculum to " + dir + ": " + e.getMessage(), e);
        }
        CurriculumTokenizer.write(dir.resolve("tokenizer"));
    }

    private static void jsonl(Path file, List<Example> examples) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Example e : examples) {
                w.write(LINE.writeValueAsString(e));
                w.write('\n');
            }
        }
    }

    private static void csv(Path file, List<Example> examples) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader("id", "problem", "answer").setRecordSeparator("\n").get();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(w, format)) {
            for (Example e : examples) {
                csv.printRecord(e.id(), e.problem(), e.answer());
            }
        }
    }
}
