package ai.fastmath.api.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of request {@code bench load} sends, by the names {@code --mix} uses. */
public enum RequestKind {
    /** {@code POST /v1/solve}. */
    SOLVE(false),
    /** {@code POST /v1/solve/stream} (SSE). */
    STREAM(true),
    /** {@code POST /v1/completions}. */
    COMPLETION(false),
    /** {@code POST /v1/chat/completions}. */
    CHAT(false),
    /** {@code POST /v1/chat/completions} with {@code "stream": true} (SSE ending in [DONE]). */
    CHAT_STREAM(true),
    /** gRPC {@code fastmath.v1.Solver/Solve}. */
    GRPC(false),
    /** gRPC {@code fastmath.v1.Solver/SolveStream}. */
    GRPC_STREAM(true);

    private final boolean streaming;

    RequestKind(boolean streaming) {
        this.streaming = streaming;
    }

    /** Whether a client can drop it midway ({@code --disconnect-fraction}). */
    public boolean streaming() {
        return streaming;
    }

    public boolean grpc() {
        return this == GRPC || this == GRPC_STREAM;
    }

    /** The name in {@code --mix} and in the report. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RequestKind parse(String s) {
        for (RequestKind k : values()) {
            if (k.wireName().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown request kind '" + s + "' (one of "
                + Arrays.stream(values()).map(RequestKind::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
