package ai.fastmath.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Graceful shutdown of the serving work. On SIGTERM (a JVM shutdown hook, which runs as Quarkus's own
 * begins its graceful wait for HTTP requests) the service stops accepting: new solves and completions
 * get 503 / UNAVAILABLE ({@link ShuttingDownException}), readiness goes DOWN. Work already accepted
 * runs on; whatever still runs at the grace period ({@code quarkus.shutdown.timeout}) less a margin is
 * cut: votes end with their partial result ({@code stop_reason: shutdown}), completions with
 * {@code finish_reason: abort}. The engine closes only once no work is left (see
 * {@link ModelHost}), so every accepted request is answered before the process exits within the grace
 * period. Work is registered with {@link #track}.
 */
@ApplicationScoped
public class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);

    private final Duration grace;
    private final boolean serving;
    private final Set<Runnable> cutters = ConcurrentHashMap.newKeySet(); // one per piece of work in flight
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fastmath-shutdown-drain");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean draining;
    private volatile boolean cut;
    private volatile long cutAtNanos;

    /**
     * @param timeout the grace period after SIGTERM
     * @param serving whether the HTTP server listens ({@code serve} and the tests); other commands have nothing to drain
     */
    public ShutdownDrain(@ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        this.grace = timeout.orElse(Duration.ZERO);
        this.serving = serving;
    }

    void onStart(@Observes StartupEvent e) {
        if (serving) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> begin(true), "fastmath-shutdown-hook"));
        }
    }

    /** The margin before the grace period's end at which running work is cut, so its answers go out in time. */
    static Duration margin(Duration grace) {
        return Duration.ofMillis(Math.min(5_000, grace.toMillis() / 4));
    }

    /** Stops accepting work and schedules the cut; idempotent. */
    public void begin() {
        begin(false);
    }

    private synchronized void begin(boolean signalled) {
        if (draining) {
            return;
        }
        draining = true;
        Duration untilCut = grace.minus(margin(grace));
        cutAtNanos = System.nanoTime() + untilCut.toNanos();
        if (signalled || !cutters.isEmpty()) {
            LOG.infof("shutting down: new requests get 503 / UNAVAILABLE; %d in flight may run %d s before they are cut",
                    cutters.size(), untilCut.toSeconds());
        }
        timer.schedule(this::cutAll, untilCut.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean draining() {
        return draining;
    }

    /** @throws ShuttingDownException once shutdown has begun */
    public void checkAccepting() {
        if (draining) {
            throw new ShuttingDownException("the service is shutting down; retry on another replica");
        }
    }

    /**
     * Registers work in flight; {@code cut} ends it early (with what it has) if it still runs at the
     * cut. Returns what to call when the work is answered.
     */
    public Runnable track(Runnable cut) {
        if (this.cut) {
            cut.run();
            return () -> { };
        }
        cutters.add(cut);
        return () -> cutters.remove(cut);
    }

    /** Work registered and not yet answered. */
    public int inFlight() {
        return cutters.size();
    }

    private void cutAll() {
        cut = true;
        if (!cutters.isEmpty()) {
            LOG.warnf("grace period ending: cutting %d request(s) still running; they answer with what they have", cutters.size());
        }
        for (Runnable c : cutters.toArray(Runnable[]::new)) {
            try {
                c.run();
            } catch (RuntimeException ex) {
                LOG.warn("cutting a request failed", ex);
            }
        }
    }

    /**
     * Waits until every tracked piece of work is answered, or the grace period (less half the margin)
     * has passed; called before the engines close.
     */
    public void awaitIdle() {
        begin();
        long end = cutAtNanos + margin(grace).toNanos() / 2;
        try {
            while (!cutters.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!cutters.isEmpty()) {
            LOG.warnf("%d request(s) still unanswered at the end of the grace period; closing anyway", cutters.size());
        }
        timer.shutdownNow();
    }
}
