package ai.fastmath.api;

import ai.fastmath.solve.SolveResult;
import java.util.List;
import java.util.Map;

/** A solve result as the API returns it: the vote and the checkpoint that produced it. */
public record SolveResponse(
        String model,
        String answer,
        double share,
        Map<String, Integer> tally,
        List<SolveResult.Sample> samples,
        long tokens,
        double seconds,
        int started,
        int finished,
        String stopReason) {

    public static SolveResponse of(String model, SolveResult r) {
        return new SolveResponse(model, r.answer(), r.share(), r.tally(), r.samples(), r.tokens(), r.seconds(), r.started(),
                r.finished(), r.stopReason());
    }
}
