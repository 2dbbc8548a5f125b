package ai.fastmath.eval;

/**
 * {@code state.json}: what a resumed run needs besides {@code results.jsonl}. The problem a crash
 * interrupted is charged its whole allocation (it may have used all of it) and shown again.
 *
 * @param problemsSha256 the problem file's digest: a resume must see the same problems
 * @param seed the serving order's seed
 * @param timeLimitS the run's limit
 * @param timeUsedS time used by the problems answered so far, across restarts
 * @param inProgress the id of the problem being solved, null between problems
 * @param inProgressChargeS what that problem may use at most
 * @param finished whether the run ended (every problem answered or written as not reached)
 */
public record EvalState(String problemsSha256, long seed, double timeLimitS, double timeUsedS, String inProgress,
        double inProgressChargeS, boolean finished) {

    /** Time already spent when resuming. */
    double usedOnResume() {
        return timeUsedS + (inProgress == null ? 0 : inProgressChargeS);
    }
}
