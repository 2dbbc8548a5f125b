package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lays out a {@link Worked} solution as a short R1-style generation:
 * <pre>
 * &lt;think&gt;
 * working, one step a line
 * [0-2 blocks "Wait, check:" redoing or inverting a step]
 * conclusion                      (e.g. 5072 mod 6=2)
 * [\boxed{N}]                     (a minority of traces box inside the think block too)
 * &lt;/think&gt;
 * \boxed{N}
 * </pre>
 * The answer is boxed after {@code </think>}, so a model trained on these traces is served to the
 * end of its turn; stage 2 teaches it to box before {@code </think>} and to drop the checks.
 */
final class TraceWriter {

    /** The first line of every re-verification block. */
    static final String CHECK = "Wait, check:";

    private final CurriculumConfig config;

    TraceWriter(CurriculumConfig config) {
        this.config = config;
    }

    /** A generation with randomly drawn re-verifications and in-think box. */
    String write(Worked worked, SplittableRandom random) {
        List<List<String>> checks = new ArrayList<>();
        if (!worked.checks().isEmpty() && random.nextDouble() < config.verifyShare()) {
            if (worked.checks().size() > 1 && random.nextDouble() < config.twoChecksShare()) {
                checks.addAll(worked.checks().subList(0, 2));
            } else {
                checks.add(Pick.one(random, worked.checks()));
            }
        }
        boolean boxInThink = random.nextDouble() < config.boxInThinkShare();
        int limit = (int) (config.maxLengthRatio() * layout(worked, List.of(), boxInThink).length());
        String trace = layout(worked, checks, boxInThink);
        while (trace.length() > limit) {
            checks.remove(longest(checks));
            trace = layout(worked, checks, boxInThink);
        }
        return trace;
    }

    private static int longest(List<List<String>> checks) {
        int best = 0;
        for (int i = 1; i < checks.size(); i++) {
            if (String.join("\n", checks.get(i)).length() > String.join("\n", checks.get(best)).length()) {
                best = i;
            }
        }
        return best;
    }

    static String layout(Worked worked, List<List<String>> checks, boolean boxInThink) {
        StringBuilder b = new StringBuilder("<think>\n");
        worked.steps().forEach(line -> b.append(line).append('\n'));
        for (List<String> check : checks) {
            b.append(CHECK).append('\n');
            check.forEach(line -> b.append(line).append('\n'));
        }
        b.append(worked.conclusion()).append('\n');
        String box = "\\boxed{" + worked.answer() + "}";
        if (boxInThink) {
            b.append(box).append('\n');
        }
        return b.append("</think>\n").append(box).toString();
    }
}
