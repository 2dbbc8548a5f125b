package ai.fastmath.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} is UP only once a model is loaded and serving, and DOWN again once shutdown
 * begins or the model's engine has stopped on a fatal error.
 */
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
        return of(drain.draining(), host.currentIfReady(), host.loading());
    }

    /** UP with the serving model; DOWN while shutting down, loading, or after the model's engine stopped on a fatal error. */
    static HealthCheckResponse of(boolean draining, Optional<LoadedModel> serving, boolean loading) {
        var builder = HealthCheckResponse.named("model");
        if (draining) {
            return builder.down().withData("shutting_down", true).build();
        }
        serving.ifPresentOrElse(
                m -> m.engine().fatalError().ifPresentOrElse(
                        fatal -> builder.down().withData("model", m.id()).withData("fatal_error", fatal.toString()),
                        () -> builder.up().withData("model", m.id()).withData("path", m.path().toString())),
                () -> builder.down().withData("loading", loading));
        return builder.build();
    }
}
