package ai.fastmath.api.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * gRPC calls need an API key in the {@code authorization} metadata ({@code Bearer <key>}) when keys are
 * configured, else UNAUTHENTICATED; the standard health and reflection services stay open (probes and
 * tools call them without credentials).
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcApiKeyInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Set<String> OPEN = Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final ApiKeys keys;

    public GrpcApiKeyInterceptor(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (keys.open() || OPEN.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        ApiKeys.Decision d = keys.api(headers.get(AUTHORIZATION));
        if (!d.allowed()) {
            call.close(Status.UNAUTHENTICATED.withDescription(d.message()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }
}
