package ai.fastmath.eval;

import ai.fastmath.io.JsonLines;
import ai.fastmath.io.Utf8Files;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Problems with optional gold answers, from CSV ({@code id,problem[,answer]}; AIMO's {@code question}
 * column is accepted for {@code problem}) or JSONL (one object per line with the same keys).
 */
public final class ProblemSet {

    /**
     * One problem; {@code answer} is null when unknown; {@code family} and {@code level} (the
     * curriculum's JSONL keys) are null when the file does not say.
     */
    public record Problem(String id, String problem, String answer, String family, Integer level) {

        public Problem(String id, String problem, String answer) {
            this(id, problem, answer, null, null);
        }
    }

    private ProblemSet() {}

    /** Reads a problem file; a malformed file fails with its name, line and what is wrong. */
    public static List<Problem> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("problems: no such file " + file);
        }
        List<Problem> problems = file.toString().endsWith(".jsonl") ? jsonl(file) : csv(file);
        Set<String> ids = new HashSet<>();
        for (Problem p : problems) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException(file + ": duplicate id '" + p.id() + "'");
            }
        }
        if (problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": no problems");
        }
        return problems;
    }

    private static List<Problem> csv(Path file) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        String content = Utf8Files.read(file);
        CSVParser parser;
        try {
            parser = CSVParser.parse(new StringReader(content), format);
        } catch (IOException | IllegalArgumentException e) { // a header name missing ("id,,problem"), a bad quote
            throw new IllegalArgumentException(file + ": not readable as CSV: " + e.getMessage(), e);
        }
        try (CSVParser csv = parser) {
            List<String> header = csv.getHeaderNames();
            String text = header.contains("problem") ? "problem" : header.contains("question") ? "question" : null;
            if (!header.contains("id") || text == null) {
                throw new IllegalArgumentException(file + ": the header needs id and problem (or question), got " + header);
            }
            if (new HashSet<>(header).size() != header.size()) {
                throw new IllegalArgumentException(file + ": the header names a column twice: " + header);
            }
            List<Problem> out = new ArrayList<>();
            for (CSVRecord r : csv) {
                if (!r.isConsistent()) {
                    throw new IllegalArgumentException(file + ": line " + r.getParser().getCurrentLineNumber()
                            + " has " + r.size() + " fields, the header " + header.size());
                }
                String answer = header.contains("answer") ? r.get("answer") : null;
                out.add(new Problem(r.get("id"), r.get(text), answer == null || answer.isEmpty() ? null : answer));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not readable as CSV: " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) { // a record that is not CSV: the cause says where
            throw new IllegalArgumentException(file + ": not readable as CSV: " + e.getCause().getMessage(), e);
        }
    }

    private static List<Problem> jsonl(Path file) {
        List<Problem> out = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.read(file, 0)) {
            JsonNode n = line.json();
            JsonNode text = n.has("problem") ? n.get("problem") : n.get("question");
            if (text == null || !text.isTextual() || !n.hasNonNull("id")) {
                throw new IllegalArgumentException(file + ": line " + line.number() + " needs \"id\" and \"problem\"");
            }
            JsonNode answer = n.get("answer");
            JsonNode family = n.get("family");
            JsonNode level = n.get("level");
            if (level != null && !level.isNull() && !level.canConvertToInt()) {
                throw new IllegalArgumentException(file + ": line " + line.number() + ": \"level\" must be an integer");
            }
            out.add(new Problem(n.get("id").asText(), text.asText(), answer == null || answer.isNull() ? null : answer.asText(),
                    family == null || family.isNull() ? null : family.asText(),
                    level == null || level.isNull() ? null : level.asInt()));
        }
        return out;
    }
}
