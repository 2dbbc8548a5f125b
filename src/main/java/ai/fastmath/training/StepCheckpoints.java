package ai.fastmath.training;

import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.Qwen2Weights;
import ai.fastmath.training.optim.AdamW;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code out/checkpoint-STEP} directories of a run: each a Hugging Face checkpoint plus the trainer
 * state, written to a temporary directory and renamed so it exists whole or not at all; only the
 * newest {@code keep} are kept.
 */
public final class StepCheckpoints {

    private final Path out;
    private final int keep;
    private final Path tokenizerDir;
    private final HfCheckpoint.GenerationDefaults generation;

    public StepCheckpoints(Path out, int keep, Path tokenizerDir, HfCheckpoint.GenerationDefaults generation) {
        this.out = out;
        this.keep = keep;
        this.tokenizerDir = tokenizerDir;
        this.generation = generation;
    }

    /** The newest checkpoint written by a run with this fingerprint (settings and data), if any. */
    public Optional<Path> resumable(String fingerprint) {
        List<Path> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1)).filter(dir -> TrainerState.read(dir)
                .map(s -> s.fingerprint().equals(fingerprint)).orElse(false));
    }

    /** Writes {@code checkpoint-STEP} and drops the oldest beyond {@code keep}. */
    public void save(Qwen2Model model, List<Qwen2Weights.Param> params, AdamW optimizer, TrainerState state) {
        Path dir = out.resolve("checkpoint-" + state.step());
        Path tmp = out.resolve(".checkpoint-" + state.step() + ".tmp");
        try {
            deleteTree(tmp);
            HfCheckpoint.write(tmp, model, tokenizerDir, generation);
            state.write(tmp, params, optimizer.moments());
            deleteTree(dir);
            Files.move(tmp, dir); // a checkpoint appears whole or not at all
            List<Path> all = all();
            for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the final model into {@code out} itself, loadable by {@code serve}, {@code eval} and transformers. */
    public void writeFinal(Qwen2Model model) {
        HfCheckpoint.write(out, model, tokenizerDir, generation);
    }

    /** Step checkpoints in {@code out}, oldest first. */
    List<Path> all() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(11))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
