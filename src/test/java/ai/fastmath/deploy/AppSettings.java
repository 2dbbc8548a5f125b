package ai.fastmath.deploy;

import ai.fastmath.api.ServingConfig;
import ai.fastmath.api.metrics.ServingMetrics;
import ai.fastmath.cli.FastMathCommand;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the application declares, read from the code rather than restated: its settings (from
 * {@link ServingConfig} by reflection, plus the Quarkus properties the deployment sets), ports,
 * health and metrics paths and metric names. The deploy files are checked against this, so they
 * cannot drift from the code.
 */
final class AppSettings {

    /**
     * Variables that are not application settings but are read by what runs inside the container,
     * each with its reader. Anything else in a Dockerfile or manifest is an invented setting.
     */
    static final Map<String, String> RUNTIME_ENV = Map.of(
            "OMP_NUM_THREADS", "libtorch's OpenMP intra-op threads (DJL logs 'Number of intra-op threads')",
            "JAVA_TOOL_OPTIONS", "the JVM",
            "JAVA_HOME", "the JRE location (CUDA image, which copies the JRE in)",
            "PATH", "the shell (CUDA image)",
            "LANG", "the C library's locale",
            "DJL_CACHE_DIR", "DJL: where native libraries are extracted or downloaded",
            "PYTORCH_FLAVOR", "DJL: which libtorch build to download (CUDA image)");

    /** Quarkus properties the deploy files set, beyond application.properties, with their config interface. */
    private static final Map<String, String> QUARKUS_MAPPINGS = Map.of(
            "quarkus.shutdown.timeout", "io.quarkus.runtime.shutdown.ShutdownConfig",
            "quarkus.http.limits.max-body-size", "io.quarkus.vertx.http.runtime.VertxHttpConfig",
            "quarkus.grpc.server.max-inbound-message-size", "io.quarkus.grpc.runtime.config.GrpcConfiguration");

    private AppSettings() {}

    /** Every property the deploy files may set, with its Java type (int, String, Duration...). */
    static Map<String, Class<?>> properties() {
        Map<String, Class<?>> props = new TreeMap<>();
        String prefix = ServingConfig.class.getAnnotation(ConfigMapping.class).prefix();
        collect(ServingConfig.class, prefix, props);
        props.put("quarkus.http.port", int.class);
        props.put("quarkus.grpc.server.port", int.class);
        QUARKUS_MAPPINGS.forEach((name, mapping) -> props.put(name, quarkusProperty(name, mapping)));
        return props;
    }

    private static void collect(Class<?> group, String prefix, Map<String, Class<?>> props) {
        for (Method m : group.getDeclaredMethods()) {
            if (m.isDefault() || m.isSynthetic() || m.getParameterCount() > 0) {
                continue;
            }
            String name = prefix + "." + kebab(m.getName());
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == ServingConfig.class) {
                collect(type, name, props);
            } else {
                props.put(name, valueType(m));
            }
        }
    }

    /** The type of a Quarkus runtime property, found on its {@code @ConfigMapping} interface. */
    private static Class<?> quarkusProperty(String name, String mappingClass) {
        try {
            Class<?> mapping = Class.forName(mappingClass);
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            Method m = null;
            Class<?> group = mapping;
            for (String part : name.substring(prefix.length() + 1).split("\\.")) { // limits.max-body-size: limits().maxBodySize()
                m = group.getMethod(camel(part));
                group = m.getReturnType();
            }
            return valueType(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AssertionError("Quarkus no longer declares " + name + " on " + mappingClass + ": " + e, e);
        }
    }

    /** The type of a config method's value: {@code T} for {@code Optional<T>}. */
    private static Class<?> valueType(Method m) {
        if (m.getReturnType() == Optional.class && m.getGenericReturnType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return m.getReturnType();
    }

    /** maxNumSeqs -> max-num-seqs (SmallRye's default naming). */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** max-body-size -> maxBodySize. */
    static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    /** The environment variable SmallRye Config maps to a property: fastmath.engine.max-num-seqs -> FASTMATH_ENGINE_MAX_NUM_SEQS. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Environment variable name -> property, for every settable property. */
    static Map<String, String> envToProperty() {
        Map<String, String> env = new TreeMap<>();
        properties().keySet().forEach(p -> env.put(envName(p), p));
        return env;
    }

    static boolean allowedEnv(String name) {
        return envToProperty().containsKey(name) || RUNTIME_ENV.containsKey(name);
    }

    static Properties applicationProperties() {
        Properties p = new Properties();
        try (InputStream in = AppSettings.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The REST port: application.properties, which must agree with serve's --http-port default. */
    static int httpPort() {
        return port("quarkus.http.port", "--http-port");
    }

    /** The gRPC port (a separate server under serve). */
    static int grpcPort() {
        return port("quarkus.grpc.server.port", "--grpc-port");
    }

    private static int port(String property, String option) {
        String configured = applicationProperties().getProperty(property);
        String cli = serveCommand().findOption(option).defaultValue();
        if (!cli.equals(configured)) {
            throw new AssertionError("application.properties " + property + "=" + configured + " but serve " + option
                    + " defaults to " + cli);
        }
        return Integer.parseInt(configured);
    }

    static CommandSpec serveCommand() {
        return command("serve");
    }

    /** A subcommand of the fastmath executable, as picocli sees it. */
    static CommandSpec command(String name) {
        CommandLine sub = new CommandLine(new FastMathCommand()).getSubcommands().get(name);
        if (sub == null) {
            throw new AssertionError("fastmath has no command '" + name + "'");
        }
        return sub.getCommandSpec();
    }

    /** Path of a non-application endpoint (/q/...), as configured. */
    private static String nonApplication(String path) {
        String root = applicationProperties().getProperty("quarkus.http.non-application-root-path", "q");
        return "/" + strip(root) + "/" + strip(path);
    }

    static String readinessPath() {
        Properties p = applicationProperties();
        return nonApplication(strip(p.getProperty("quarkus.smallrye-health.root-path", "health")) + "/"
                + strip(p.getProperty("quarkus.smallrye-health.readiness-path", "ready")));
    }

    static String livenessPath() {
        Properties p = applicationProperties();
        return nonApplication(strip(p.getProperty("quarkus.smallrye-health.root-path", "health")) + "/"
                + strip(p.getProperty("quarkus.smallrye-health.liveness-path", "live")));
    }

    static String metricsPath() {
        return nonApplication(applicationProperties().getProperty("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** What Prometheus scrapes from the service's own metrics: the exposition text of ServingMetrics. */
    static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ServingMetrics(registry);
        return registry.scrape();
    }
}
