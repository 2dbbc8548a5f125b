package ai.fastmath.solve;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * When a self-consistency vote may stop before every sample has finished. {@code running} is the
 * number of samples still generating that could still vote.
 */
public interface StopRule {

    /** Whether the vote's outcome is decided. */
    boolean decided(Vote vote, int running);

    /** The rule's name in requests, responses and metrics. */
    String name();

    /** The rule with its parameters, as {@link #parse} reads it back (e.g. "beta:0.95"). */
    default String spec() {
        return name();
    }

    /** Never stops early: fixed N. */
    StopRule NEVER = new StopRule() {
        @Override
        public boolean decided(Vote vote, int running) {
            return false;
        }

        @Override
        public String name() {
            return "none";
        }
    };

    /** (a) The leader can no longer be overtaken, nor tied, by the samples still running. */
    StopRule CANNOT_BE_OVERTAKEN = new StopRule() {
        @Override
        public boolean decided(Vote vote, int running) {
            return vote.leaderCount() > 0 && vote.leaderCount() > vote.runnerUpCount() + running;
        }

        @Override
        public String name() {
            return "unbeatable";
        }
    };

    /**
     * (b) Adaptive-Consistency's Beta rule: with a and b the counts of the two most common answers,
     * stop when P(p1 > 0.5) under Beta(a + 1, b + 1) reaches {@code threshold}.
     */
    static StopRule beta(double threshold) {
        if (!(threshold > 0.5 && threshold < 1)) {
            throw new IllegalArgumentException("beta threshold must be in (0.5, 1), got " + threshold);
        }
        return new StopRule() {
            @Override
            public boolean decided(Vote vote, int running) {
                return vote.leaderCount() > 0 && probabilityLeaderIsMajority(vote.leaderCount(), vote.runnerUpCount()) >= threshold;
            }

            @Override
            public String name() {
                return "beta";
            }

            @Override
            public String spec() {
                return "beta:" + threshold;
            }
        };
    }

    /** (c) Some answer has {@code k} votes among the first {@code m} answers. */
    static StopRule kOfFirstM(int k, int m) {
        if (k < 1 || m < k) {
            throw new IllegalArgumentException("need 1 <= k <= m, got k=" + k + " m=" + m);
        }
        return new StopRule() {
            @Override
            public boolean decided(Vote vote, int running) {
                Map<String, Integer> counts = new HashMap<>();
                for (String a : vote.order().subList(0, Math.min(m, vote.answered()))) {
                    if (counts.merge(a, 1, Integer::sum) >= k) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public String name() {
                return "k-of-m";
            }

            @Override
            public String spec() {
                return "k-of-m:" + k + "/" + m;
            }
        };
    }

    /**
     * P(X > 1/2) for X ~ Beta(a + 1, b + 1): for integer parameters this is
     * P(Binomial(a + b + 1, 1/2) <= a).
     */
    static double probabilityLeaderIsMajority(int a, int b) {
        int n = a + b + 1;
        double logHalfN = n * Math.log(0.5);
        double sum = 0;
        double logC = 0; // log C(n, 0)
        for (int j = 0; j <= a; j++) {
            if (j > 0) {
                logC += Math.log(n - j + 1) - Math.log(j);
            }
            sum += Math.exp(logC + logHalfN);
        }
        return Math.min(1, sum);
    }

    /**
     * Parses "none", "unbeatable", "beta[:threshold]", "k-of-m:K/M" (e.g. "k-of-m:4/5") and the
     * confidence rules "conf-vote:SCORE:topETA" and "deepconf:WARMUP/ETA/TAU" ({@link ConfidenceRule}).
     */
    public static StopRule parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("none") || s.equals("fixed")) {
            return NEVER;
        }
        if (s.equals("unbeatable")) {
            return CANNOT_BE_OVERTAKEN;
        }
        if (s.equals("beta")) {
            return beta(0.95);
        }
        try {
            if (s.startsWith("beta:")) {
                return beta(Double.parseDouble(s.substring(5)));
            }
            if (s.startsWith("k-of-m:")) {
                String[] km = s.substring(7).split("/");
                return kOfFirstM(Integer.parseInt(km[0]), Integer.parseInt(km[1]));
            }
            ConfidenceRule confidence = ConfidenceRule.parse(s);
            if (confidence != null) {
                return confidence;
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed stop rule '" + spec + "'");
        }
        throw new IllegalArgumentException("unknown stop rule '" + spec
                + "' (none, unbeatable, beta[:p], k-of-m:K/M, conf-vote:SCORE:topETA, deepconf:WARMUP/ETA/TAU)");
    }
}
