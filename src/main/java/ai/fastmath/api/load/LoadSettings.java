package ai.fastmath.api.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code bench load} sends, to where, and for how long. Built with {@link #builder()}; every run
 * is bounded by {@code duration} (and {@code requests}, when set) and talks only to this machine.
 *
 * @param url the service's REST root, on a loopback address
 * @param grpcPort the service's gRPC port, 0 when the mix has no gRPC kinds
 * @param duration how long traffic is sent after the warm-up
 * @param requests stop sending after this many requests (0: only the duration bounds the run)
 * @param concurrency clients sending one request after another (closed loop); also the warm-up's
 * @param mix the kinds of request and their weights
 * @param overload open loop at {@code rate} requests/s (10x the warm-up's throughput when 0), all with a deadline
 * @param rate arrivals per second in overload mode; 0: 10x the capacity measured in the warm-up
 * @param deadline deadline of each request (solve: deadline_s, gRPC: the call's; others: the client's timeout); null: none
 * @param disconnectFraction share of streaming requests whose client goes away after a few events
 * @param warmup traffic sent before measuring (its requests are not in the table)
 * @param pid the server's process id, 0: found from the listening port
 * @param samples n of each solve (and of each completion: 1)
 * @param maxTokens tokens per sample or completion
 * @param seed seeds the kinds, problems and disconnects drawn
 * @param requestTimeout a request with no deadline is abandoned after this (counted as a timeout)
 * @param maxInFlight overload mode: arrivals beyond this many unanswered requests are not sent (counted)
 */
public record LoadSettings(URI url, int grpcPort, Duration duration, long requests, int concurrency, RequestMix mix,
        boolean overload, double rate, Duration deadline, double disconnectFraction, Duration warmup, long pid, int samples,
        int maxTokens, long seed, Duration requestTimeout, int maxInFlight) {

    public LoadSettings {
        requireLoopback(url);
        if (mix.usesGrpc() && grpcPort <= 0) {
            throw new IllegalArgumentException("--grpc-port: the mix has gRPC requests; give the service's gRPC port");
        }
        if (concurrency < 1 || duration.isZero() || duration.isNegative() || requests < 0 || samples < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("--concurrency, --duration, --n and --max-tokens must be positive");
        }
        if (!(disconnectFraction >= 0 && disconnectFraction <= 1)) {
            throw new IllegalArgumentException("--disconnect-fraction: must be within [0, 1], got " + disconnectFraction);
        }
        if (overload && deadline == null) {
            throw new IllegalArgumentException("--overload needs --deadline: every request in overload carries one");
        }
    }

    /**
     * Accepts only a URL on this machine (127.0.0.0/8, ::1, localhost): the tool is for measuring one's
     * own service, never for sending load elsewhere. Names other than localhost are refused without
     * being looked up.
     */
    public static void requireLoopback(URI url) {
        String host = url.getHost();
        if (!"http".equals(url.getScheme()) || host == null) {
            throw new IllegalArgumentException("--url: must be http://127.0.0.1:PORT (or localhost, [::1]); got " + url);
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean loopback;
        if (h.toLowerCase(Locale.ROOT).equals("localhost")) {
            loopback = true;
        } else if (h.matches("[0-9.]+") || h.contains(":")) {
            try {
                loopback = InetAddress.getByName(h).isLoopbackAddress(); // a literal address: no lookup
            } catch (UnknownHostException e) {
                loopback = false;
            }
        } else {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("--url: bench load sends traffic only to this machine (127.0.0.1, ::1 or "
                    + "localhost); refusing " + host);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: 60 s at 8 clients, 10 s warm-up, solve only, n = 4, 64 tokens, no deadline. */
    public static final class Builder {
        private URI url = URI.create("http://127.0.0.1:8080");
        private int grpcPort;
        private Duration duration = Duration.ofSeconds(60);
        private long requests;
        private int concurrency = 8;
        private RequestMix mix = RequestMix.parse("solve=1");
        private boolean overload;
        private double rate;
        private Duration deadline;
        private double disconnectFraction;
        private Duration warmup = Duration.ofSeconds(10);
        private long pid;
        private int samples = 4;
        private int maxTokens = 64;
        private long seed;
        private Duration requestTimeout = Duration.ofSeconds(300);
        private int maxInFlight = 1000;

        public Builder url(URI v) { url = v; return this; }
        public Builder grpcPort(int v) { grpcPort = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder requests(long v) { requests = v; return this; }
        public Builder concurrency(int v) { concurrency = v; return this; }
        public Builder mix(RequestMix v) { mix = v; return this; }
        public Builder overload(boolean v) { overload = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder deadline(Duration v) { deadline = v; return this; }
        public Builder disconnectFraction(double v) { disconnectFraction = v; return this; }
        public Builder warmup(Duration v) { warmup = v; return this; }
        public Builder pid(long v) { pid = v; return this; }
        public Builder samples(int v) { samples = v; return this; }
        public Builder maxTokens(int v) { maxTokens = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }

        public LoadSettings build() {
            return new LoadSettings(url, grpcPort, duration, requests, concurrency, mix, overload, rate, deadline,
                    disconnectFraction, warmup, pid, samples, maxTokens, seed, requestTimeout, maxInFlight);
        }
    }
}
