package ai.fastmath.cli;

import ai.fastmath.api.load.LoadReport;
import ai.fastmath.api.load.LoadRun;
import ai.fastmath.api.load.LoadSettings;
import ai.fastmath.api.load.RequestMix;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench load}: bounded traffic against a running service on this machine, with a table and JSON of what came back. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Send bounded load to a FastMath service on this machine (loopback only) and report answers by code, "
                + "latency, tokens/s, the server's memory (RSS before/after warm-up and at the end) and KV usage.",
                "Kinds for --mix: solve, stream (/v1/solve/stream), completion, chat, chat_stream, grpc, grpc_stream."})
public class BenchLoadCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
            description = "The service's REST root; 127.0.0.1, [::1] or localhost only (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--grpc-port", defaultValue = "0", description = "The service's gRPC port (needed for grpc kinds).")
    int grpcPort;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to send after the warm-up (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--requests", defaultValue = "0", description = "Stop after this many requests (0: the duration alone).")
    long requests;

    @Option(names = "--concurrency", defaultValue = "8", description = "Clients in the closed loop and the warm-up (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--mix", defaultValue = "solve=4,completion=2,chat=1,stream=1,chat_stream=1",
            description = "Kinds and weights (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--overload", description = "Open loop at --rate (default 10x the warm-up's throughput), every request with --deadline.")
    boolean overload;

    @Option(names = "--rate", defaultValue = "0", description = "Overload arrivals per second (0: 10x the measured capacity).")
    double rate;

    @Option(names = "--deadline", converter = DurationConverter.class,
            description = "Deadline of each request (solve: deadline_s; gRPC: the call's; others: the client's timeout); "
                    + "default none, 30s with --overload.")
    Duration deadline;

    @Option(names = "--disconnect-fraction", defaultValue = "0",
            description = "Share of streaming requests whose client drops the stream after 1-20 events (default: ${DEFAULT-VALUE}).")
    double disconnectFraction;

    @Option(names = "--warmup", defaultValue = "30s", converter = DurationConverter.class,
            description = "Traffic before measuring; RSS 'after warm-up' is taken at its end (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--pid", defaultValue = "0", description = "The server's pid (default: the process listening on --url's port).")
    long pid;

    @Option(names = "--n", defaultValue = "4", description = "Samples per solve (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Tokens per sample or completion (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "0") long seed;

    @Option(names = "--request-timeout", defaultValue = "300s", converter = DurationConverter.class,
            description = "The client abandons a request without a deadline after this (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--max-in-flight", defaultValue = "1000",
            description = "Overload: arrivals beyond this many unanswered requests are not sent (counted) (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        LoadSettings settings = LoadSettings.builder().url(url).grpcPort(grpcPort).duration(duration).requests(requests)
                .concurrency(concurrency).mix(RequestMix.parse(mix)).overload(overload).rate(rate)
                .deadline(deadline == null && overload ? Duration.ofSeconds(30) : deadline)
                .disconnectFraction(disconnectFraction).warmup(warmup).pid(pid).samples(samples).maxTokens(maxTokens).seed(seed)
                .requestTimeout(requestTimeout).maxInFlight(maxInFlight).build();
        LoadReport report = LoadRun.run(settings, new PrintWriter(spec.commandLine().getErr(), true));
        out.print(report.table());
        out.flush();
        if (json != null) {
            JsonFiles.write(json, report);
        }
    }
}
