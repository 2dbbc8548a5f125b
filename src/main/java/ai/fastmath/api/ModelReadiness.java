package ai.fastmath.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready} is UP only once a model is loaded and serving. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final ModelHost host;

    public ModelReadiness(ModelHost host) {
        this.host = host;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("model");
        host.currentIfReady().ifPresentOrElse(
                m -> builder.up().withData("model", m.id()).withData("path", m.path().toString()),
                () -> builder.down().withData("loading", host.loading()));
        return builder.build();
    }
}
