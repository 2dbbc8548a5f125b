package ai.fastmath.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read into build stages of instructions: continuation lines joined, comments dropped,
 * the exec form of ENTRYPOINT and CMD parsed as JSON, ENV split into names and values. Enough to
 * check what an image contains and runs, not a full BuildKit parser.
 */
record Dockerfile(Path path, List<Stage> stages) {

    /** One instruction: keyword upper-cased, the rest as written, and the line it starts on. */
    record Instruction(String keyword, String args, int line) {

        /** Flags such as --from=x and --chown=a:b, then the remaining words (COPY, ADD). */
        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            for (String w : words()) {
                if (w.startsWith("--")) {
                    int eq = w.indexOf('=');
                    flags.put(eq < 0 ? w.substring(2) : w.substring(2, eq), eq < 0 ? "" : w.substring(eq + 1));
                }
            }
            return flags;
        }

        /** Words after the flags: for COPY, the sources then the destination. */
        List<String> operands() {
            return words().stream().filter(w -> !w.startsWith("--")).toList();
        }

        List<String> words() {
            return List.of(args.trim().split("\\s+"));
        }

        /** The exec form (JSON array) of ENTRYPOINT, CMD or RUN. */
        List<String> execForm() {
            try {
                return new ObjectMapper().readValue(args, new TypeReference<List<String>>() {});
            } catch (IOException e) {
                throw new AssertionError("line " + line + ": " + keyword + " is not in exec (JSON) form: " + args, e);
            }
        }
    }

    /** A build stage: FROM image [AS name] and what follows it. */
    record Stage(String from, Optional<String> name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword.equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** ENV of this stage, later assignments winning. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            all("ENV").forEach(i -> env.putAll(assignments(i.args)));
            return env;
        }
    }

    static Dockerfile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        int start = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue; // comments may sit between continuation lines, too
            }
            if (pending.isEmpty()) {
                start = n + 1;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
            String args = space < 0 ? "" : text.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] w = args.split("\\s+");
                String from = w[0].startsWith("--") && w.length > 1 ? w[1] : w[0];
                Optional<String> name = w.length >= 3 && w[w.length - 2].equalsIgnoreCase("AS")
                        ? Optional.of(w[w.length - 1]) : Optional.empty();
                current = new ArrayList<>();
                stages.add(new Stage(from, name, current));
            } else if (current != null) {
                current.add(new Instruction(keyword, args, start));
            }
        }
        return new Dockerfile(path, List.copyOf(stages));
    }

    /**
     * What the image is built from: the last stage with the instructions of the stages it derives
     * from ({@code FROM base} after {@code FROM ... AS base}) in front, so WORKDIR, ENV and COPY of a
     * shared base stage count.
     */
    Stage image() {
        List<Stage> lineage = new ArrayList<>();
        Stage s = stages.get(stages.size() - 1);
        while (true) {
            lineage.add(0, s);
            String parent = s.from;
            Optional<Stage> p = stages.subList(0, stages.indexOf(s)).stream()
                    .filter(x -> x.name.isPresent() && x.name.get().equals(parent)).reduce((a, b) -> b);
            if (p.isEmpty()) {
                break;
            }
            s = p.get();
        }
        List<Instruction> all = new ArrayList<>();
        lineage.forEach(x -> all.addAll(x.instructions));
        Stage last = lineage.get(lineage.size() - 1);
        return new Stage(lineage.get(0).from, last.name, List.copyOf(all));
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name.isPresent() && s.name.get().equals(name)).findFirst();
    }

    /** NAME=value pairs of an ENV line (double quotes may hold spaces). */
    static Map<String, String> assignments(String args) {
        Map<String, String> env = new LinkedHashMap<>();
        int i = 0;
        while (i < args.length()) {
            while (i < args.length() && Character.isWhitespace(args.charAt(i))) {
                i++;
            }
            if (i >= args.length()) {
                break;
            }
            int eq = args.indexOf('=', i);
            if (eq < 0) {
                throw new AssertionError("ENV without '=' (the legacy 'ENV name value' form is not used here): " + args);
            }
            String name = args.substring(i, eq);
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            boolean quoted = false;
            while (i < args.length() && (quoted || !Character.isWhitespace(args.charAt(i)))) {
                char c = args.charAt(i++);
                if (c == '"') {
                    quoted = !quoted;
                } else {
                    value.append(c);
                }
            }
            env.put(name, value.toString());
        }
        return env;
    }
}
