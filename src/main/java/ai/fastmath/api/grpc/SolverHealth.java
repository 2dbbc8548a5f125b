package ai.fastmath.api.grpc;

import ai.fastmath.api.LoadedModel;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The standard gRPC health service reports {@code fastmath.v1.Solver} NOT_SERVING until a model is
 * loaded, SERVING from then on (the same rule as {@code /q/health/ready}).
 */
@ApplicationScoped
public class SolverHealth {

    public static final String SERVICE = "fastmath.v1.Solver";

    private final GrpcHealthStorage health;

    public SolverHealth(GrpcHealthStorage health) {
        this.health = health;
    }

    void onStart(@Observes StartupEvent e) {
        if (!ServingStatus.SERVING.equals(health.getStatuses().get(SERVICE))) {
            health.setStatus(SERVICE, ServingStatus.NOT_SERVING);
        }
    }

    void onLoaded(@Observes LoadedModel model) {
        health.setStatus(SERVICE, ServingStatus.SERVING);
    }
}
