package ai.fastmath.solve;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * DeepConf (Fu, Wang, Tian, Zhao, "Deep Think with Confidence", 2025): the vote uses the model's own
 * token confidence (minus the mean log-probability of its {@link #TOP_K} most likely tokens, computed
 * where the logits are), through a trace score over group confidences (sliding means of
 * {@link #WINDOW} tokens, {@link TraceConfidence}).
 *
 * <ul>
 *   <li><b>Offline</b>, {@code conf-vote:SCORE:topETA} (e.g. {@code conf-vote:lowest-group:top10}): every
 *       sample runs; the vote keeps the {@code ETA}% of traces with the highest score (at least one) and
 *       weighs each by its score.
 *   <li><b>Online</b>, {@code deepconf:WARMUP/ETA/TAU} (e.g. {@code deepconf:4/10/0.95}): the first
 *       {@code WARMUP} finished traces set the threshold, the {@code 100 - ETA} percentile of their lowest
 *       group confidence (ETA 10: DeepConf-low, 90: DeepConf-high); any later trace whose group
 *       confidence falls below it is stopped at once (reason {@code low_confidence}, its KV freed) and
 *       does not vote; the vote stops when the leader holds {@code TAU} of the weight.
 * </ul>
 *
 * <p>The window: the paper's 2,048 tokens are a quarter to an eighth of its 8-16k-token traces. This
 * project's default model writes 130-150 tokens a trace, a tape step every 10-15 tokens, so a window of
 * 32 tokens spans two or three steps, a quarter of a trace: long enough that one unsure token does not
 * stop a trace, short enough that a confused step shows.
 */
public final class ConfidenceRule implements StopRule {

    /** Tokens per token-confidence (the paper's k, as in its code: vLLM's top-20 logprobs). */
    public static final int TOP_K = 20;
    /** Tokens of a group confidence's sliding window (see the class comment). */
    public static final int WINDOW = 32;

    /** How a trace is scored. */
    public enum Score {
        LOWEST_GROUP("lowest-group"),
        BOTTOM_10("bottom10"),
        TAIL("tail");

        final String wire;

        Score(String wire) {
            this.wire = wire;
        }

        static Score of(String s) {
            for (Score v : values()) {
                if (v.wire.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown confidence score '" + s + "' (lowest-group, bottom10, tail)");
        }
    }

    private final Score score;
    private final double keepPercent;
    private final int warmup; // 0: offline
    private final double tau;

    private ConfidenceRule(Score score, double keepPercent, int warmup, double tau) {
        if (!(keepPercent > 0 && keepPercent <= 100)) {
            throw new IllegalArgumentException("the share of traces kept must be in (0, 100], got " + keepPercent);
        }
        if (warmup < 0 || !(tau > 0.5 && tau <= 1)) {
            throw new IllegalArgumentException("need warm-up >= 0 and tau in (0.5, 1], got " + warmup + " and " + tau);
        }
        this.score = score;
        this.keepPercent = keepPercent;
        this.warmup = warmup;
        this.tau = tau;
    }

    /** Offline: all samples, the top {@code keepPercent}% by {@code score}, a weighted vote. */
    public static ConfidenceRule offline(Score score, double keepPercent) {
        return new ConfidenceRule(score, keepPercent, 0, 1);
    }

    /** Online: {@code warmup} traces set the threshold, later ones are pruned below it, stop at {@code tau}. */
    public static ConfidenceRule online(int warmup, double keepPercent, double tau) {
        if (warmup < 1) {
            throw new IllegalArgumentException("the online rule needs at least one warm-up trace, got " + warmup);
        }
        return new ConfidenceRule(Score.LOWEST_GROUP, keepPercent, warmup, tau);
    }

    /** Parses {@code conf-vote:SCORE:topETA} and {@code deepconf:WARMUP/ETA/TAU}; null when {@code s} is neither. */
    static ConfidenceRule parse(String s) {
        if (s.startsWith("conf-vote:")) {
            String[] parts = s.substring("conf-vote:".length()).split(":");
            if (parts.length != 2 || !parts[1].startsWith("top")) {
                throw new IllegalArgumentException("malformed rule '" + s + "' (conf-vote:SCORE:topETA, e.g. conf-vote:lowest-group:top10)");
            }
            return offline(Score.of(parts[0]), Double.parseDouble(parts[1].substring(3)));
        }
        if (s.startsWith("deepconf:")) {
            String[] parts = s.substring("deepconf:".length()).split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException("malformed rule '" + s + "' (deepconf:WARMUP/ETA/TAU, e.g. deepconf:4/10/0.95)");
            }
            return online(Integer.parseInt(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        }
        return null;
    }

    /** Plain votes never decide a confidence rule: the solver asks {@link #consensus} once the threshold is set. */
    @Override
    public boolean decided(Vote vote, int running) {
        return false;
    }

    @Override
    public String name() {
        return online() ? "deepconf" : "conf-vote";
    }

    @Override
    public String spec() {
        return online()
                ? String.format(Locale.ROOT, "deepconf:%d/%s/%s", warmup, number(keepPercent), number(tau))
                : "conf-vote:" + score.wire + ":top" + number(keepPercent);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    public boolean online() {
        return warmup > 0;
    }

    public int warmup() {
        return warmup;
    }

    public Score score() {
        return score;
    }

    /** The online threshold: the {@code 100 - ETA} percentile (nearest rank) of the warm-up traces' scores. */
    public double threshold(List<Double> warmupScores) {
        double[] s = warmupScores.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        if (s.length == 0) {
            return Double.NEGATIVE_INFINITY; // nothing to learn from: prune nothing
        }
        int rank = (int) Math.ceil((100 - keepPercent) / 100 * s.length); // 1-based nearest rank
        return s[Math.max(0, Math.min(s.length, rank) - 1)];
    }

    /** Whether the weighted vote has reached consensus (the leader holds {@code TAU} of the weight). */
    public boolean consensus(WeightedVote vote) {
        return vote.share() >= tau;
    }

    /**
     * The final vote over finished, answered traces: offline the top ETA% by score (at least one), online
     * all that were not pruned; each weighted by its score.
     *
     * @param answers the traces' answer classes (null: no answer)
     * @param scores the traces' scores (NaN: no tokens)
     */
    public WeightedVote vote(String[] answers, double[] scores) {
        Integer[] voters = java.util.stream.IntStream.range(0, answers.length)
                .filter(i -> answers[i] != null && scores[i] > 0).boxed().toArray(Integer[]::new);
        int keep = voters.length;
        if (!online()) {
            Arrays.sort(voters, (a, b) -> Double.compare(scores[b], scores[a]));
            keep = Math.min(voters.length, Math.max(1, (int) Math.ceil(keepPercent / 100 * voters.length)));
            Integer[] kept = Arrays.copyOf(voters, keep);
            Arrays.sort(kept); // back to index order: a tie goes to the earlier trace
            voters = kept;
        }
        WeightedVote v = new WeightedVote();
        for (int i = 0; i < keep; i++) {
            v.add(answers[voters[i]], scores[voters[i]]);
        }
        return v;
    }
}
