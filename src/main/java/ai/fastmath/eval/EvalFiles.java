package ai.fastmath.eval;

import ai.fastmath.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The files of one evaluation directory. Results are appended one synced line per problem and the
 * other files are replaced atomically, so a run killed at any moment leaves files a resume can read
 * (at worst a half-written last line, which is dropped).
 */
public final class EvalFiles {

    private final Path dir;

    public EvalFiles(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path submission() {
        return dir.resolve("submission.csv");
    }

    public Path results() {
        return dir.resolve("results.jsonl");
    }

    public Path summary() {
        return dir.resolve("summary.json");
    }

    Path state() {
        return dir.resolve("state.json");
    }

    Optional<EvalState> readState() {
        if (!Files.exists(state())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(state().toFile(), EvalState.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(state() + " is not a FastMath eval state: " + e.getMessage(), e);
        }
    }

    void writeState(EvalState s) {
        replace(state(), w -> w.write(Json.MAPPER.writeValueAsString(s)));
    }

    /** The results written so far; a half-written last line (a killed run) is dropped. */
    List<ProblemResult> readResults() {
        List<ProblemResult> rows = new ArrayList<>();
        if (!Files.exists(results())) {
            return rows;
        }
        try {
            List<String> lines = Files.readAllLines(results(), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                try {
                    if (!lines.get(i).isBlank()) {
                        rows.add(Json.MAPPER.readValue(lines.get(i), ProblemResult.class));
                    }
                } catch (JsonProcessingException e) {
                    if (i < lines.size() - 1) {
                        throw new IllegalArgumentException(results() + ": line " + (i + 1) + " is corrupt: "
                                + e.getOriginalMessage());
                    }
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + results() + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites the results (used on resume to drop a half-written line before appending). */
    void rewriteResults(List<ProblemResult> rows) {
        replace(results(), w -> {
            for (ProblemResult r : rows) {
                w.write(Json.MAPPER.writeValueAsString(r));
                w.write('\n');
            }
        });
    }

    void appendResult(ProblemResult r) {
        try (FileChannel ch = FileChannel.open(results(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ch.write(StandardCharsets.UTF_8.encode(Json.MAPPER.writeValueAsString(r) + "\n"));
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + results() + ": " + e.getMessage(), e);
        }
    }

    void writeSubmission(Map<String, String> rows) {
        replace(submission(), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("id", "answer").get())) {
                for (Map.Entry<String, String> e : rows.entrySet()) {
                    csv.printRecord(e.getKey(), e.getValue());
                }
            }
        });
    }

    void writeSummary(EvalSummary s) {
        replace(summary(), w -> w.write(Json.PRETTY.writeValueAsString(s)));
    }

    /** SHA-256 of a file, hex. */
    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Content {
        void write(Writer w) throws IOException;
    }

    /** Writes to a temporary file and moves it over {@code target} atomically. */
    private static void replace(Path target, Content content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.write(w);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
