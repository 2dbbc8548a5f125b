package ai.fastmath.api.grpc;

import ai.fastmath.api.grpc.v1.SolveRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.InputStream;
import java.util.Optional;

/**
 * grpc-java answers a request whose bytes are not the method's message with INTERNAL (or UNKNOWN when
 * a marshaller throws anything else); a client that sent garbage should hear INVALID_ARGUMENT. This
 * marshaller hands the handler a request marked as malformed instead, and the handler answers
 * INVALID_ARGUMENT.
 */
final class StrictProtoMarshaller implements MethodDescriptor.Marshaller<SolveRequest> {

    /** Tag of the unknown field that carries the parse error (outside the contract's range). */
    private static final int MALFORMED = 536_870_000;

    private final MethodDescriptor.Marshaller<SolveRequest> inner;

    private StrictProtoMarshaller(MethodDescriptor.Marshaller<SolveRequest> inner) {
        this.inner = inner;
    }

    @Override
    public InputStream stream(SolveRequest value) {
        return inner.stream(value);
    }

    @Override
    public SolveRequest parse(InputStream stream) {
        try {
            return inner.parse(stream);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            UnknownFieldSet.Field why = UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(ByteString.copyFromUtf8(String.valueOf(cause.getMessage()))).build();
            return SolveRequest.newBuilder()
                    .setUnknownFields(UnknownFieldSet.newBuilder().addField(MALFORMED, why).build())
                    .build();
        }
    }

    /** The parse error of a request this marshaller could not read. */
    static Optional<String> malformed(SolveRequest r) {
        UnknownFieldSet.Field f = r.getUnknownFields().getField(MALFORMED);
        return f.getLengthDelimitedList().isEmpty() ? Optional.empty() : Optional.of(f.getLengthDelimitedList().get(0).toStringUtf8());
    }

    /** The Solver service with request parsing made strict (every method takes a SolveRequest). */
    @SuppressWarnings("unchecked")
    static ServerServiceDefinition strict(ServerServiceDefinition def) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(def.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
            b.addMethod(strict((ServerMethodDefinition<SolveRequest, ?>) m));
        }
        return b.build();
    }

    private static <R> ServerMethodDefinition<SolveRequest, R> strict(ServerMethodDefinition<SolveRequest, R> m) {
        MethodDescriptor<SolveRequest, R> d = m.getMethodDescriptor();
        MethodDescriptor<SolveRequest, R> strict = d.toBuilder(new StrictProtoMarshaller(d.getRequestMarshaller()),
                d.getResponseMarshaller()).build();
        return ServerMethodDefinition.create(strict, m.getServerCallHandler());
    }
}
