package ai.fastmath.api;

import ai.fastmath.engine.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live} is DOWN once the serving model's engine has stopped on a fatal error (an
 * OutOfMemoryError, say): the process cannot be trusted to serve on, so Kubernetes restarts the pod.
 * Loading, refreshing and draining are alive.
 */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {

    private final ModelHost host;

    public EngineLiveness(ModelHost host) {
        this.host = host;
    }

    @Override
    public HealthCheckResponse call() {
        return of(host.currentIfReady().map(LoadedModel::engine));
    }

    /** UP unless the engine stopped on a fatal error (no engine yet is UP: loading is alive). */
    static HealthCheckResponse of(Optional<Engine> engine) {
        var builder = HealthCheckResponse.named("engine");
        Optional<Error> fatal = engine.flatMap(Engine::fatalError);
        return fatal.isPresent() ? builder.down().withData("fatal_error", fatal.get().toString()).build() : builder.up().build();
    }
}
