package ai.fastmath.api.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of a {@code bench load} run: per kind of request (and in total) the answers by code,
 * latency percentiles and tokens/s; the server's resident memory and KV usage through the run; the
 * machine's load. Serialised as the JSON file; {@link #table()} is the printed summary.
 *
 * @param wallS seconds of measured traffic (warm-up excluded), until the last answer
 * @param capacityRps requests/s answered 200/OK during the warm-up (the closed-loop capacity)
 * @param rateRps overload mode: the arrival rate sent (0 in closed-loop mode)
 * @param notSent overload mode: arrivals not sent because {@code maxInFlight} requests were unanswered
 * @param warmupRequests requests sent in the warm-up (not in {@code kinds})
 * @param errorExamples the first few answers that were neither OK nor a rejection, for the reader
 */
public record LoadReport(LoadSettingsView settings, Host host, double wallS, double capacityRps, double rateRps, long notSent,
        long warmupRequests, List<KindStats> kinds, KindStats total, Memory memory, ServerState server,
        List<String> errorExamples, List<ServerProbe.Sample> timeline) {

    /** The settings as written to the JSON file. */
    public record LoadSettingsView(String url, int grpcPort, double durationS, long requests, int concurrency, String mix,
            boolean overload, Double deadlineS, double disconnectFraction, double warmupS, int samples, int maxTokens, long seed) {

        static LoadSettingsView of(LoadSettings s) {
            return new LoadSettingsView(s.url().toString(), s.grpcPort(), s.duration().toMillis() / 1000.0, s.requests(),
                    s.concurrency(), s.mix().toString(), s.overload(), s.deadline() == null ? null : s.deadline().toMillis() / 1000.0,
                    s.disconnectFraction(), s.warmup().toMillis() / 1000.0, s.samples(), s.maxTokens(), s.seed());
        }
    }

    /** This machine while the run went on (the service shares its cores with the load generator). */
    public record Host(int cores, double loadAverageStart, double loadAverageMax, double loadAverageEnd) {}

    /**
     * The server's memory. Native = resident minus the committed Java heap (the libtorch weights, KV
     * cache and per-step arrays live there). Growth is from after the warm-up to the end, once the
     * traffic has stopped and the server is idle; the {@code at10k} values are the first sample after
     * 10,000 measured requests were answered (NaN when the run had fewer).
     */
    public record Memory(long pid, double rssStartMb, double rssAfterWarmupMb, double rssAt10kMb, double rssEndMb,
            double rssMaxMb, double rssGrowthPct, double nativeAfterWarmupMb, double nativeAt10kMb, double nativeEndMb,
            double nativeGrowthPct) {

        /** Settings by name, for call sites that would otherwise pass a row of unlabelled values. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link Memory}; what is not set keeps the default shown. */
        public static final class Builder {
            private long pid;
            private double rssStartMb;
            private double rssAfterWarmupMb;
            private double rssAt10kMb;
            private double rssEndMb;
            private double rssMaxMb;
            private double rssGrowthPct;
            private double nativeAfterWarmupMb;
            private double nativeAt10kMb;
            private double nativeEndMb;
            private double nativeGrowthPct;

            private Builder() {}

            public Builder pid(long v) {
                pid = v;
                return this;
            }

            public Builder rssStartMb(double v) {
                rssStartMb = v;
                return this;
            }

            public Builder rssAfterWarmupMb(double v) {
                rssAfterWarmupMb = v;
                return this;
            }

            public Builder rssAt10kMb(double v) {
                rssAt10kMb = v;
                return this;
            }

            public Builder rssEndMb(double v) {
                rssEndMb = v;
                return this;
            }

            public Builder rssMaxMb(double v) {
                rssMaxMb = v;
                return this;
            }

            public Builder rssGrowthPct(double v) {
                rssGrowthPct = v;
                return this;
            }

            public Builder nativeAfterWarmupMb(double v) {
                nativeAfterWarmupMb = v;
                return this;
            }

            public Builder nativeAt10kMb(double v) {
                nativeAt10kMb = v;
                return this;
            }

            public Builder nativeEndMb(double v) {
                nativeEndMb = v;
                return this;
            }

            public Builder nativeGrowthPct(double v) {
                nativeGrowthPct = v;
                return this;
            }

            public Memory build() {
                return new Memory(pid, rssStartMb, rssAfterWarmupMb, rssAt10kMb, rssEndMb, rssMaxMb, rssGrowthPct,
                        nativeAfterWarmupMb, nativeAt10kMb, nativeEndMb, nativeGrowthPct);
            }
        }
    }

    /**
     * The engine as the scrape showed it: the highest KV usage (0..1), running and waiting sequences
     * during the run, their values once traffic stopped, and how long they took to get there.
     */
    public record ServerState(double kvUsageMax, double runningMax, double waitingMax, double kvUsageEnd, double runningEnd,
            double waitingEnd, double settleS, boolean alive, double engineFailures) {}

    /**
     * One kind of request (or all): how many were sent and what they got. {@code ok} 200/OK;
     * {@code rejected} 429/RESOURCE_EXHAUSTED; {@code deadline} 504/DEADLINE_EXCEEDED from the server
     * (answered at its deadline with the partial vote); {@code server5xx} other 5xx, gRPC INTERNAL /
     * UNAVAILABLE / UNKNOWN, and streams that broke; {@code errors} no answer (timeout, connection
     * refused or reset); {@code disconnected} dropped by the client on purpose; {@code deadlineMissed}
     * answers later than their deadline plus one second, or none. Latencies: p50/p99 over OK answers,
     * {@code maxAnsweredS} over every answer but the dropped ones.
     */
    public record KindStats(String kind, long requests, long ok, long rejected, long rejectedWithoutRetryAfter, long deadline,
            long client4xx, long server5xx, long errors, long disconnected, long deadlineMissed, Map<String, Long> codes,
            double p50S, double p99S, double maxAnsweredS, long tokens, double tokensPerS, double okPerS) {

        static KindStats of(String kind, List<Outcome> outcomes, double wallS, Double deadlineS) {
            long[] col = new long[Outcome.Column.values().length];
            Map<String, Long> codes = new TreeMap<>();
            long noRetryAfter = 0;
            long missed = 0;
            long tokens = 0;
            List<Double> ok = new ArrayList<>();
            double maxAnswered = 0;
            for (Outcome o : outcomes) {
                Outcome.Column c = o.column();
                col[c.ordinal()]++;
                codes.merge(o.code(), 1L, Long::sum);
                tokens += o.tokens();
                if (c == Outcome.Column.REJECTED && !o.retryAfter() && !o.kind().grpc()) {
                    noRetryAfter++;
                }
                if (c == Outcome.Column.OK) {
                    ok.add(o.seconds());
                }
                if (c != Outcome.Column.DISCONNECTED) {
                    maxAnswered = Math.max(maxAnswered, o.seconds());
                    if (deadlineS != null && (o.code().equals("timeout") || o.seconds() > deadlineS + 1.0)) {
                        missed++;
                    }
                }
            }
            double[] sorted = ok.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new KindStats(kind, outcomes.size(), col[0], col[1], noRetryAfter, col[2], col[3], col[4], col[5], col[6], missed,
                    codes, percentile(sorted, 0.50), percentile(sorted, 0.99), maxAnswered, tokens,
                    wallS > 0 ? tokens / wallS : 0, wallS > 0 ? col[0] / wallS : 0);
        }
    }

    /** Nearest-rank percentile of sorted values; NaN for none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The printed summary: one row per kind and the total, then memory, KV and load. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-12s %8s %7s %6s %6s %5s %5s %5s %6s %6s %8s %8s %9s  %s%n", "kind", "requests", "ok", "429",
                "504", "4xx", "5xx", "err", "drop", "missed", "p50 s", "p99 s", "tokens/s", "codes"));
        List<KindStats> rows = new ArrayList<>(kinds);
        rows.add(total);
        for (KindStats k : rows) {
            b.append(String.format("%-12s %8d %7d %6d %6d %5d %5d %5d %6d %6d %8.2f %8.2f %9.1f  %s%n", k.kind(), k.requests(), k.ok(),
                    k.rejected(), k.deadline(), k.client4xx(), k.server5xx(), k.errors(), k.disconnected(), k.deadlineMissed(),
                    k.p50S(), k.p99S(), k.tokensPerS(), k.codes()));
        }
        b.append(String.format("wall %.1f s, %.2f OK/s; warm-up capacity %.2f req/s%s%n", wallS, total.okPerS(), capacityRps,
                rateRps > 0 ? String.format("; overload arrivals %.2f req/s, %d not sent (client limit)", rateRps, notSent) : ""));
        b.append(String.format("server pid %d: RSS %.0f MB at start, %.0f MB after warm-up, %.0f MB at 10,000 requests, %.0f MB at the "
                        + "end (max %.0f): %+.1f%%; native (RSS - heap) %.0f -> %.0f -> %.0f MB: %+.1f%%%n", memory.pid(), memory.rssStartMb(),
                memory.rssAfterWarmupMb(), memory.rssAt10kMb(), memory.rssEndMb(), memory.rssMaxMb(), memory.rssGrowthPct(),
                memory.nativeAfterWarmupMb(), memory.nativeAt10kMb(), memory.nativeEndMb(), memory.nativeGrowthPct()));
        b.append(String.format("KV usage max %.3f, running max %.0f, waiting max %.0f; after traffic: running %.0f, waiting %.0f, KV %.3f "
                        + "(%.1f s to settle); engine failures %.0f; server %s%n", server.kvUsageMax(), server.runningMax(),
                server.waitingMax(), server.runningEnd(), server.waitingEnd(), server.kvUsageEnd(), server.settleS(),
                server.engineFailures(), server.alive() ? "alive" : "GONE"));
        b.append(String.format("load average (1 min, %d cores): %.2f at start, %.2f max, %.2f at the end%n", host.cores(),
                host.loadAverageStart(), host.loadAverageMax(), host.loadAverageEnd()));
        return b.toString();
    }

    static double growthPct(double from, double to) {
        return from > 0 ? 100.0 * (to - from) / from : Double.NaN;
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static double max(List<ServerProbe.Sample> samples, java.util.function.ToDoubleFunction<ServerProbe.Sample> f) {
        return samples.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    /** Statistics of each kind that was sent, in the order of {@link RequestKind}. */
    static List<KindStats> sortedByKind(Map<RequestKind, List<Outcome>> byKind, double wallS, Double deadlineS) {
        List<KindStats> out = new ArrayList<>();
        Arrays.stream(RequestKind.values()).filter(byKind::containsKey)
                .forEach(k -> out.add(KindStats.of(k.wireName(), byKind.get(k), wallS, deadlineS)));
        return out;
    }
}
