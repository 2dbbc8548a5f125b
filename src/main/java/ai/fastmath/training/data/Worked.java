package ai.fastmath.training.data;

import java.util.List;

/**
 * A problem and its worked solution before it becomes a trace: the problem text, the integer answer,
 * the main working (one step a line), the optional re-verifications (each a block of lines that
 * redoes a step or checks it by the inverse operation) and the conclusion, the last line of the
 * working, which states the answer ({@code 5072 mod 6=2}).
 */
public record Worked(String problem, long answer, List<String> steps, List<List<String>> checks, String conclusion) {

    public Worked {
        steps = List.copyOf(steps);
        checks = checks.stream().map(List::copyOf).toList();
    }

    /** A solution whose working ends on its conclusion. */
    static Worked of(String problem, long answer, Working main, List<Working> checks) {
        List<String> steps = main.lines();
        return new Worked(problem, answer, steps.subList(0, steps.size() - 1), checks.stream().map(Working::lines).toList(),
                steps.get(steps.size() - 1));
    }
}
