package ai.fastmath.api.load;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code bench load} run against a service on this machine: a warm-up (closed loop at
 * {@code concurrency}; its throughput is the capacity), then the measured traffic, closed loop at
 * {@code concurrency} or, with {@code overload}, open loop at a rate (Poisson arrivals), each request
 * drawn from the mix; then it waits for the answers (each bounded by its deadline or the request
 * timeout) and for the engine to settle (running, waiting and KV back to zero). The server's memory
 * and scrape are sampled every second throughout. Stops by itself at the duration or request limit.
 */
public final class LoadRun {

    private static final double SETTLE_LIMIT_S = 60;
    /** A closed-loop client pauses this long after an answer that was not work done (429, 503, no answer). */
    private static final long BACKOFF_MS = 250;

    private final LoadSettings s;
    private final PrintWriter log;
    private final ServerProbe probe;
    private final List<ServerProbe.Sample> timeline = new ArrayList<>();
    private final Queue outcomes = new Queue();
    private final long t0 = System.nanoTime();
    private volatile boolean serverGone;

    /** Answers in arrival order; {@code done} counts them for the timeline. */
    private static final class Queue {
        final ConcurrentLinkedQueue<Outcome> items = new ConcurrentLinkedQueue<>();
        final AtomicLong done = new AtomicLong();

        void add(Outcome o) {
            items.add(o);
            done.incrementAndGet();
        }
    }

    private LoadRun(LoadSettings s, PrintWriter log) {
        this.s = s;
        this.log = log;
        long pid = s.pid() > 0 ? s.pid() : ServerProbe.pidListeningOn(s.url().getPort()).orElse(0L);
        this.probe = new ServerProbe(pid, s.url());
    }

    /** Runs the traffic and returns the report; progress goes to {@code log}. */
    public static LoadReport run(LoadSettings settings, PrintWriter log) {
        return new LoadRun(settings, log).run();
    }

    private double now() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private LoadReport run() {
        if (probe.scrape().isEmpty()) {
            throw new IllegalArgumentException("--url: no FastMath service answers " + s.url().resolve("/q/metrics")
                    + "; start it first");
        }
        log.printf("load: %s, gRPC port %d, server pid %s; mix %s; %s%n", s.url(), s.grpcPort(),
                probe.pid() > 0 ? probe.pid() : "unknown (pass --pid for memory)", s.mix(),
                s.overload() ? "overload (open loop)" : s.concurrency() + " clients (closed loop)");
        log.flush();
        double loadStart = ServerProbe.loadAverage();
        Thread sampler = new Thread(this::sampleEverySecond, "bench-load-sampler");
        sampler.setDaemon(true);
        sample();
        sampler.start();
        ServerProbe.Sample start = timeline.get(0);
        try (LoadClient client = new LoadClient(s.url(), s.grpcPort(), s.requestTimeout())) {
            // warm-up: closed loop; its OK answers per second are the capacity the overload is a multiple of
            Queue warm = new Queue();
            double warmS = closedLoop(client, warm, s.warmup().toNanos(), Long.MAX_VALUE, 1_000_000);
            long warmOk = warm.items.stream().filter(o -> o.column() == Outcome.Column.OK).count();
            double capacity = warmS > 0 ? warmOk / warmS : 0;
            ServerProbe.Sample afterWarmup = sample();
            Map<String, Long> warmCodes = new java.util.TreeMap<>();
            warm.items.forEach(o -> warmCodes.merge(o.code(), 1L, Long::sum));
            log.printf("warm-up: %d requests in %.1f s %s, %.2f OK/s; RSS %.0f MB%n", warm.items.size(), warmS, warmCodes, capacity,
                    LoadReport.mb(afterWarmup.rssBytes()));
            log.flush();

            long limit = s.requests() > 0 ? s.requests() : Long.MAX_VALUE;
            double rate = 0;
            long[] notSent = {0};
            double wall;
            if (s.overload()) {
                rate = s.rate() > 0 ? s.rate() : 10 * capacity;
                if (rate <= 0) {
                    throw new IllegalStateException("overload: the warm-up answered nothing, so there is no capacity to "
                            + "multiply; give --rate");
                }
                wall = openLoop(client, rate, limit, notSent);
            } else {
                wall = closedLoop(client, outcomes, s.duration().toNanos(), limit, 0);
            }
            double settleStart = now();
            ServerProbe.Sample end = settle();
            double settleS = now() - settleStart;
            sampler.interrupt();

            List<Outcome> all = new ArrayList<>(outcomes.items);
            Map<RequestKind, List<Outcome>> byKind = new EnumMap<>(RequestKind.class);
            all.forEach(o -> byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o));
            Double deadlineS = s.deadline() == null ? null : s.deadline().toMillis() / 1000.0;
            List<ServerProbe.Sample> samples;
            synchronized (timeline) {
                samples = List.copyOf(timeline);
            }
            long nativeWarm = afterWarmup.rssBytes() - afterWarmup.heapCommittedBytes();
            long nativeEnd = end.rssBytes() - end.heapCommittedBytes();
            ServerProbe.Sample at10k = samples.stream().filter(x -> x.requestsDone() >= 10_000).findFirst().orElse(null);
            LoadReport.Memory memory = LoadReport.Memory.builder().pid(probe.pid())
                    .rssStartMb(LoadReport.mb(start.rssBytes()))
                    .rssAfterWarmupMb(LoadReport.mb(afterWarmup.rssBytes()))
                    .rssAt10kMb(at10k == null ? Double.NaN : LoadReport.mb(at10k.rssBytes()))
                    .rssEndMb(LoadReport.mb(end.rssBytes()))
                    .rssMaxMb(LoadReport.mb((long) LoadReport.max(samples, ServerProbe.Sample::rssBytes)))
                    .rssGrowthPct(LoadReport.growthPct(afterWarmup.rssBytes(), end.rssBytes()))
                    .nativeAfterWarmupMb(LoadReport.mb(nativeWarm))
                    .nativeAt10kMb(at10k == null ? Double.NaN : LoadReport.mb(at10k.rssBytes() - at10k.heapCommittedBytes()))
                    .nativeEndMb(LoadReport.mb(nativeEnd))
                    .nativeGrowthPct(LoadReport.growthPct(nativeWarm, nativeEnd)).build();
            double failures = probe.scrape().getOrDefault("fastmath_request_failure_total", 0.0);
            LoadReport.ServerState server = new LoadReport.ServerState(LoadReport.max(samples, ServerProbe.Sample::kvUsage),
                    LoadReport.max(samples, ServerProbe.Sample::running), LoadReport.max(samples, ServerProbe.Sample::waiting),
                    end.kvUsage(), end.running(), end.waiting(), settleS, probe.pid() <= 0 || probe.alive(), failures);
            LoadReport.Host host = new LoadReport.Host(Runtime.getRuntime().availableProcessors(), loadStart,
                    LoadReport.max(samples, ServerProbe.Sample::loadAverage), ServerProbe.loadAverage());
            List<String> examples = all.stream()
                    .filter(o -> o.detail() != null && o.column() != Outcome.Column.REJECTED && o.column() != Outcome.Column.DEADLINE)
                    .limit(5).map(o -> o.kind().wireName() + " " + o.code() + ": " + o.detail()).toList();
            return new LoadReport(LoadReport.LoadSettingsView.of(s), host, wall, capacity, rate, notSent[0], warm.items.size(),
                    LoadReport.sortedByKind(byKind, wall, deadlineS), LoadReport.KindStats.of("total", all, wall, deadlineS), memory,
                    server, examples, samples);
        } finally {
            sampler.interrupt();
        }
    }

    /**
     * {@code concurrency} clients, each sending its next request when the last is answered, until
     * {@code nanos} have passed or {@code limit} requests were sent. Returns the seconds until the
     * last answer.
     */
    private double closedLoop(LoadClient client, Queue into, long nanos, long limit, long seedOffset) {
        if (nanos <= 0) {
            return 0;
        }
        long begin = System.nanoTime();
        long end = begin + nanos;
        AtomicLong sent = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < s.concurrency(); w++) {
            Random rnd = new Random(s.seed() * 1_000_003L + seedOffset + w);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end && !serverGone && sent.incrementAndGet() <= limit) {
                    Outcome o = client.send(nextCall(rnd));
                    into.add(o);
                    if (o.column() != Outcome.Column.OK && o.column() != Outcome.Column.DEADLINE
                            && o.column() != Outcome.Column.DISCONNECTED) {
                        pause(); // no busy loop of refusals or errors: a real client backs off
                    }
                }
            }, "bench-load-client-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        progressUntil(workers, into);
        return (System.nanoTime() - begin) / 1e9;
    }

    /**
     * Poisson arrivals at {@code rate}/s for the duration (or {@code limit} requests), each sent on its
     * own thread whatever the service's state; at most {@code maxInFlight} unanswered.
     */
    private double openLoop(LoadClient client, double rate, long limit, long[] notSent) {
        log.printf("overload: %.2f arrivals/s for %d s, deadline %s%n", rate, s.duration().toSeconds(), s.deadline());
        log.flush();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-load-arrival");
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(s.maxInFlight());
        Random arrivals = new Random(s.seed() * 7919L + 1);
        Random draws = new Random(s.seed() * 104_729L + 2);
        long begin = System.nanoTime();
        long end = begin + s.duration().toNanos();
        double at = 0;
        long lastReport = begin;
        try {
            for (long n = 0; n < limit; n++) {
                long due = begin + (long) (at * 1e9);
                if (due >= end || serverGone) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                LoadClient.Call call = nextCall(draws);
                if (slots.tryAcquire()) {
                    pool.execute(() -> {
                        try {
                            outcomes.add(client.send(call));
                        } finally {
                            slots.release();
                        }
                    });
                } else {
                    notSent[0]++;
                }
                at += -Math.log(1 - arrivals.nextDouble()) / rate;
                if (System.nanoTime() - lastReport > 30e9) {
                    lastReport = System.nanoTime();
                    progress(outcomes);
                }
            }
            pool.shutdown();
            long answerLimit = (s.deadline() != null ? s.deadline() : s.requestTimeout()).toMillis() + 30_000;
            if (!pool.awaitTermination(answerLimit, TimeUnit.MILLISECONDS)) {
                log.println("overload: some requests still unanswered; abandoning them");
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        return (System.nanoTime() - begin) / 1e9;
    }

    private static void pause() {
        try {
            Thread.sleep(BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void progressUntil(Collection<Thread> workers, Queue q) {
        for (Thread t : workers) {
            try {
                while (t.isAlive()) {
                    t.join(30_000);
                    if (t.isAlive()) {
                        progress(q);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void progress(Queue q) {
        ServerProbe.Sample last;
        synchronized (timeline) {
            last = timeline.get(timeline.size() - 1);
        }
        Map<Outcome.Column, Long> by = new EnumMap<>(Outcome.Column.class);
        q.items.forEach(o -> by.merge(o.column(), 1L, Long::sum));
        log.printf("t=%.0fs answered %d %s; RSS %.0f MB, KV %.2f, running %.0f, waiting %.0f, load %.2f%n", now(), q.items.size(),
                by, LoadReport.mb(last.rssBytes()), last.kvUsage(), last.running(), last.waiting(), last.loadAverage());
        log.flush();
    }

    private static final String[] TEMPLATES = {"Compute %d + %d.", "What is %d times %d?",
            "Find the remainder when %d is divided by %d.", "What is the greatest common divisor of %d and %d?"};

    private LoadClient.Call nextCall(Random rnd) {
        RequestKind kind = s.mix().pick(rnd);
        String problem = String.format(TEMPLATES[rnd.nextInt(TEMPLATES.length)], 2 + rnd.nextInt(98), 2 + rnd.nextInt(98));
        int samples = kind == RequestKind.COMPLETION || kind == RequestKind.CHAT || kind == RequestKind.CHAT_STREAM ? 1 : s.samples();
        int dropAfter = kind.streaming() && rnd.nextDouble() < s.disconnectFraction() ? 1 + rnd.nextInt(20) : 0;
        Double deadline = s.deadline() == null ? null : s.deadline().toMillis() / 1000.0;
        return new LoadClient.Call(kind, problem, samples, s.maxTokens(), rnd.nextInt(1_000_000), deadline, dropAfter);
    }

    private ServerProbe.Sample sample() {
        ServerProbe.Sample x = probe.sample(now(), outcomes.done.get());
        synchronized (timeline) {
            timeline.add(x);
        }
        return x;
    }

    private void sampleEverySecond() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                sample();
                if (probe.pid() > 0 && !probe.alive() && !serverGone) {
                    serverGone = true; // the traffic stops: there is nothing left to measure
                    log.printf("t=%.0fs the server (pid %d) is gone; stopping%n", now(), probe.pid());
                    log.flush();
                }
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    /** Waits until the engine has nothing running or waiting and no KV in use (or {@link #SETTLE_LIMIT_S}). */
    private ServerProbe.Sample settle() {
        double limit = now() + SETTLE_LIMIT_S;
        ServerProbe.Sample x = sample();
        try {
            while (!serverGone && (x.running() != 0 || x.waiting() != 0 || x.kvUsage() != 0) && now() < limit) {
                Thread.sleep(200);
                x = sample();
            }
            Thread.sleep(1000); // a last look once idle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sample();
    }
}
