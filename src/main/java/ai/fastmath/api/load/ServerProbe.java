package ai.fastmath.api.load;

import ai.fastmath.api.metrics.PrometheusText;
import ai.fastmath.model.MemoryFit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at the server from outside: its resident memory ({@code /proc/PID/status} VmRSS), its
 * Prometheus scrape ({@code /q/metrics}) and this machine's load average. The server's pid is given, or
 * found as the process holding the listening socket of its port ({@code /proc/net/tcp*} and
 * {@code /proc/PID/fd}).
 */
final class ServerProbe {

    /**
     * One look: seconds since the run began, measured requests answered so far (warm-up excluded),
     * resident memory, heap committed (from the scrape), KV usage, sequences running and waiting, and
     * this machine's 1-minute load average.
     */
    record Sample(double t, long requestsDone, long rssBytes, long heapCommittedBytes, double kvUsage, double running,
            double waiting, double loadAverage) {}

    private final long pid;
    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerProbe(long pid, URI base) {
        this.pid = pid;
        this.metrics = base.resolve("/q/metrics");
    }

    long pid() {
        return pid;
    }

    /** The pid of the process listening on {@code port} on this machine, if it can be seen. */
    static Optional<Long> pidListeningOn(int port) {
        try {
            String inode = null;
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path p = Path.of(table);
                if (!Files.isReadable(p)) {
                    continue;
                }
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.strip().split("\\s+");
                    // local_address is HEXIP:HEXPORT; state 0A is LISTEN; inode is field 9
                    if (f.length > 9 && f[1].contains(":") && f[3].equals("0A")
                            && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                        inode = f[9];
                    }
                }
            }
            if (inode == null) {
                return Optional.empty();
            }
            String target = "socket:[" + inode + "]";
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                        for (Path fd : fds) {
                            if (target.equals(Files.readSymbolicLink(fd).toString())) {
                                return Optional.of(Long.parseLong(proc.getFileName().toString()));
                            }
                        }
                    } catch (IOException | SecurityException e) {
                        // another user's process, or gone: not ours to see
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Resident set size in bytes; -1 when the process is gone. */
    long rssBytes() {
        return MemoryFit.residentBytes(pid);
    }

    boolean alive() {
        return Files.exists(Path.of("/proc/" + pid + "/status"));
    }

    /** 1-minute load average of this machine. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The scrape's values, summed over labels by metric name (e.g. {@code fastmath_kv_cache_usage_perc},
     * {@code jvm_memory_committed_bytes{area="heap"}} under its name with the area label kept); empty when
     * the server does not answer.
     */
    Map<String, Double> scrape() {
        Map<String, Double> values = new HashMap<>();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (PrometheusText.Sample sample : PrometheusText.parse(r.body()).samples()) {
                String key = sample.name();
                if (key.startsWith("jvm_memory") && "heap".equals(sample.labels().get("area"))) {
                    key += "{area=heap}";
                }
                if (!Double.isNaN(sample.value())) {
                    values.merge(key, sample.value(), Double::sum);
                }
            }
        } catch (IOException | IllegalArgumentException e) { // no answer, or not the exposition format
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return values;
    }

    Sample sample(double t, long requestsDone) {
        Map<String, Double> m = scrape();
        return new Sample(t, requestsDone, rssBytes(), Math.round(m.getOrDefault("jvm_memory_committed_bytes{area=heap}", -1.0)),
                m.getOrDefault("fastmath_kv_cache_usage_perc", -1.0), m.getOrDefault("fastmath_num_requests_running", -1.0),
                m.getOrDefault("fastmath_num_requests_waiting", -1.0), loadAverage());
    }
}
