package ai.fastmath.training.data;

import java.util.List;

/**
 * A problem and its worked solution before it becomes a trace: the problem text, the integer answer,
 * the main working (one step a line), the optional re-verifications (each a block of lines that
 * starts with "Wait, ..." and redoes a step or checks by the inverse operation) and the short
 * statement written after {@code </think>}.
 */
public record Worked(String problem, long answer, List<String> steps, List<List<String>> checks, String summary) {

    public Worked {
        steps = List.copyOf(steps);
        checks = checks.stream().map(List::copyOf).toList();
    }
}
