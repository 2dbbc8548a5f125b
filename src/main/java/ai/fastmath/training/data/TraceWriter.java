package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lays out a {@link Worked} solution as an R1-style generation:
 * <pre>
 * &lt;think&gt;
 * working, one step a line
 * [0-2 blocks "Wait, let me double-check ..."]
 * So the answer is N.            (or "... \boxed{N}." in a minority of traces)
 * &lt;/think&gt;
 *
 * summary line
 *
 * closing line with \boxed{N}
 * </pre>
 */
final class TraceWriter {

    /** The closing lines after {@code </think>}; {@code %s} is the answer. */
    static final List<String> CLOSINGS = List.of("The answer is \\boxed{%s}.", "Therefore, the answer is \\boxed{%s}.",
            "**Final Answer**\n\\boxed{%s}");

    private final CurriculumConfig config;

    TraceWriter(CurriculumConfig config) {
        this.config = config;
    }

    /** A generation with randomly drawn re-verifications, in-think box and closing. */
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
        String closing = Pick.one(random, CLOSINGS);
        int limit = (int) (config.maxLengthRatio() * layout(worked, List.of(), boxInThink, closing).length());
        String trace = layout(worked, checks, boxInThink, closing);
        while (trace.length() > limit) {
            checks.remove(longest(checks));
            trace = layout(worked, checks, boxInThink, closing);
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

    static String layout(Worked worked, List<List<String>> checks, boolean boxInThink, String closing) {
        StringBuilder b = new StringBuilder("<think>\n");
        worked.steps().forEach(line -> b.append(line).append('\n'));
        checks.forEach(block -> block.forEach(line -> b.append(line).append('\n')));
        String answer = Long.toString(worked.answer());
        b.append(boxInThink ? "So the answer is \\boxed{" + answer + "}." : "So the answer is " + answer + ".");
        b.append("\n</think>\n\n").append(worked.summary()).append("\n\n").append(Pick.format(closing, answer));
        return b.toString();
    }
}
