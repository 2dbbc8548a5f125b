package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The synthetic math curriculum: problems of every {@link Family} at levels 1-3 in equal numbers,
 * with algorithmic R1-style traces. Everything follows from the seed. The evaluation splits (test,
 * val, GRPO) hold distinct problem texts and none of them appears in train; train may repeat a text
 * where a family's small levels have few distinct problems.
 */
public final class Curriculum {

    /** The splits, each shuffled; {@code grpo} examples have no generation. */
    public record Splits(List<Example> train, List<Example> val, List<Example> test, List<Example> grpo) {}

    /** Draws of one cell that may collide with the evaluation texts before giving up. */
    private static final int MAX_DRAWS = 10_000;

    private final List<Family> families;
    private final TraceWriter traces;

    public Curriculum(CurriculumConfig config) {
        this.families = families();
        this.traces = new TraceWriter(config);
    }

    /** All problem families, in the order they are drawn. */
    public static List<Family> families() {
        return List.of(new AdditionFamily(), new SubtractionFamily(), new MultiplicationFamily(),
                new LinearEquationFamily(), new ModularFamily(), new GcdLcmFamily(), new CountingFamily(),
                new WordProblemFamily());
    }

    public Splits generate(long seed, SplitSizes sizes) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> reserved = new HashSet<>(); // evaluation texts, kept out of every other split (membership only)
        List<Example> test = split("test", sizes.test(), random, reserved, true, true);
        List<Example> val = split("val", sizes.val(), random, reserved, true, true);
        List<Example> grpo = split("grpo", sizes.grpo(), random, reserved, true, false);
        List<Example> train = split("train", sizes.train(), random, reserved, false, true);
        return new Splits(train, val, test, grpo);
    }

    /** One split: cells (family, level) in turn, then shuffled, numbered and given traces. */
    private List<Example> split(String name, int size, SplittableRandom random, Set<String> reserved,
            boolean reserve, boolean withTraces) {
        int levels = Family.MAX_LEVEL - Family.MIN_LEVEL + 1;
        List<Drawn> drawn = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Family family = families.get(i % families.size());
            int level = Family.MIN_LEVEL + (i / families.size()) % levels;
            Worked worked = draw(family, level, random, reserved);
            if (reserve) {
                reserved.add(worked.problem());
            }
            drawn.add(new Drawn(family.name(), level, worked));
        }
        for (int i = drawn.size() - 1; i > 0; i--) { // Fisher-Yates with the curriculum's generator
            int j = random.nextInt(i + 1);
            drawn.set(j, drawn.set(i, drawn.get(j)));
        }
        List<Example> out = new ArrayList<>(size);
        int width = Math.max(5, Integer.toString(size).length());
        for (int i = 0; i < drawn.size(); i++) {
            Drawn d = drawn.get(i);
            String generation = withTraces ? traces.write(d.worked(), random) : null;
            String text = d.worked().problem() + (generation == null ? "" : generation);
            if (!CurriculumTokenizer.covers(text)) {
                throw new IllegalStateException(d.family() + " wrote a character outside the tokenizer's vocabulary: " + text);
            }
            out.add(new Example(name + "-" + Pick.format("%0" + width + "d", i), d.family(), d.level(),
                    d.worked().problem(), generation, Long.toString(d.worked().answer())));
        }
        return out;
    }

    private static Worked draw(Family family, int level, SplittableRandom random, Set<String> reserved) {
        for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
            Worked worked = family.generate(level, random);
            if (!reserved.contains(worked.problem())) {
                return worked;
            }
        }
        throw new IllegalArgumentException(family.name() + " level " + level + " has run out of distinct problems after "
                + MAX_DRAWS + " draws; ask for smaller evaluation splits");
    }

    private record Drawn(String family, int level, Worked worked) {}
}
