package ai.fastmath.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready} is UP only once a model is loaded and serving, and DOWN again once shutdown begins. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final ModelHost host;
    private final ShutdownDrain drain;

    public ModelReadiness(ModelHost host, ShutdownDrain drain) {
        this.host = host;
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("model");
        if (drain.draining()) {
            return builder.down().withData("shutting_down", true).build();
        }
        host.currentIfReady().ifPresentOrElse(
                m -> builder.up().withData("model", m.id()).withData("path", m.path().toString()),
                () -> builder.down().withData("loading", host.loading()));
        return builder.build();
    }
}
