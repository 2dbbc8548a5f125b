package ai.fastmath.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes files (deploy/k8s) against the application: every YAML parses, each overlay
 * resolves (the base plus its patches), and what it deploys agrees with the code: ports, probe
 * paths, setting names and values, the autoscaler's metric, the scrape path, the drain timing, and
 * per overlay the GPU, device and dtype, and where the weights come from.
 */
class K8sManifestsTest {

    static final Path K8S = Path.of("deploy", "k8s");
    static final Path BASE = K8S.resolve("base");
    static final Path ADAPTER_VALUES = K8S.resolve("monitoring").resolve("prometheus-adapter-values.yaml");
    static final String APP = "fastmath";

    /** One resolved overlay and the objects it deploys. */
    record Overlay(String name, List<ObjectNode> objects) {

        static Overlay of(String name) {
            return new Overlay(name, Kustomize.build(K8S.resolve("overlays").resolve(name)));
        }

        ObjectNode get(String kind, String objectName) {
            return Kustomize.find(objects, kind, objectName)
                    .orElseThrow(() -> new AssertionError("overlay " + name + ": no " + kind + " " + objectName));
        }

        ObjectNode deployment() {
            return get("Deployment", APP);
        }

        JsonNode podSpec() {
            return deployment().path("spec").path("template").path("spec");
        }

        JsonNode container() {
            for (JsonNode c : podSpec().path("containers")) {
                if (c.path("name").asText().equals(APP)) {
                    return c;
                }
            }
            throw new AssertionError("overlay " + name + ": Deployment has no container " + APP);
        }

        /** The settings the container gets: its ConfigMap's data (envFrom). */
        JsonNode config() {
            JsonNode from = container().path("envFrom");
            assertEquals(1, from.size(), where("Deployment", "envFrom") + " should be the one ConfigMap");
            return get("ConfigMap", from.get(0).path("configMapRef").path("name").asText()).path("data");
        }

        int containerPort(String portName) {
            for (JsonNode p : container().path("ports")) {
                if (p.path("name").asText().equals(portName)) {
                    return p.path("containerPort").asInt();
                }
            }
            throw new AssertionError(where("Deployment", "ports") + ": no port named " + portName);
        }

        String where(String kind, String field) {
            return "overlay " + name + ": " + kind + " " + field;
        }
    }

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void everyYamlParsesAndEveryManifestIsUsed() throws IOException {
        Set<Path> referenced = new HashSet<>();
        Set<Path> kustomizations = new TreeSet<>();
        for (Path f : yamlFiles()) {
            List<ObjectNode> docs = Kustomize.readAll(f);
            assertFalse(docs.isEmpty(), f + " is empty");
            if (f.getFileName().toString().equals("kustomization.yaml")) {
                kustomizations.add(f.getParent());
                referenced.addAll(Kustomize.referencedFiles(f.getParent()));
            }
        }
        for (Path f : yamlFiles()) {
            if (f.startsWith(K8S.resolve("monitoring")) || f.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            assertTrue(referenced.contains(f.normalize()), f + " is not named by any kustomization.yaml: it would never be applied");
            for (ObjectNode doc : Kustomize.readAll(f)) {
                assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind") && doc.path("metadata").hasNonNull("name"),
                        f + ": every manifest needs apiVersion, kind and metadata.name");
            }
        }
        assertEquals(Set.of(BASE, K8S.resolve("overlays/cpu"), K8S.resolve("overlays/gpu")), kustomizations,
                "kustomizations under deploy/k8s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void containerPortsAreTheApplicationsPorts(String name) {
        Overlay o = Overlay.of(name);
        assertEquals(AppSettings.httpPort(), o.containerPort("http"), o.where("Deployment", "containerPort http"));
        assertEquals(AppSettings.grpcPort(), o.containerPort("grpc"), o.where("Deployment", "containerPort grpc"));
        assertEquals(String.valueOf(o.containerPort("http")), o.config().path("QUARKUS_HTTP_PORT").asText(),
                o.where("ConfigMap", "QUARKUS_HTTP_PORT"));
        assertEquals(String.valueOf(o.containerPort("grpc")), o.config().path("QUARKUS_GRPC_SERVER_PORT").asText(),
                o.where("ConfigMap", "QUARKUS_GRPC_SERVER_PORT"));
        assertEquals("serve", o.container().path("args").path(0).asText(), o.where("Deployment", "args"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void probesUseTheHealthEndpointsOnTheHttpPort(String name) {
        Overlay o = Overlay.of(name);
        assertEquals("/q/health/ready", AppSettings.readinessPath(), "the app's readiness path (application.properties)");
        assertEquals("/q/health/live", AppSettings.livenessPath(), "the app's liveness path (application.properties)");
        JsonNode c = o.container();
        Map<String, String> expected = Map.of("readinessProbe", AppSettings.readinessPath(),
                "livenessProbe", AppSettings.livenessPath(), "startupProbe", AppSettings.livenessPath());
        expected.forEach((probe, path) -> {
            assertEquals(path, c.path(probe).path("httpGet").path("path").asText(), o.where("Deployment", probe + ".httpGet.path"));
            assertEquals("http", c.path(probe).path("httpGet").path("port").asText(), o.where("Deployment", probe + ".httpGet.port"));
        });
        assertTrue(ai.fastmath.api.ModelReadiness.class.isAnnotationPresent(org.eclipse.microprofile.health.Readiness.class),
                "ModelReadiness should be a @Readiness check: readiness means the model is loaded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everySettingIsOneTheApplicationDeclaresWithAValidValue(String name) {
        Overlay o = Overlay.of(name);
        Map<String, String> env = AppSettings.envToProperty();
        Map<String, Class<?>> types = AppSettings.properties();
        o.config().properties().forEach(e -> {
            String var = e.getKey();
            assertTrue(env.containsKey(var), o.where("ConfigMap", var) + " is not a property the application declares: "
                    + env.keySet());
            Class<?> type = types.get(env.get(var));
            String value = e.getValue().asText();
            if (type == int.class) {
                assertTrue(value.matches("\\d+"), o.where("ConfigMap", var) + "=" + value + " should be an integer");
            } else if (type == Duration.class) {
                assertTrue(value.matches("\\d+[smh]"), o.where("ConfigMap", var) + "=" + value + " should be a duration like 120s");
            }
        });
        for (JsonNode e : o.container().path("env")) {
            assertTrue(AppSettings.allowedEnv(e.path("name").asText()), o.where("Deployment", "env " + e.path("name").asText())
                    + " is neither an application property nor one of " + AppSettings.RUNTIME_ENV.keySet());
        }
        JsonNode c = o.config();
        assertTrue(c.path("FASTMATH_DEVICE").asText().matches("cpu|cuda(:\\d+)?|auto"), o.where("ConfigMap", "FASTMATH_DEVICE"));
        assertTrue(c.path("FASTMATH_DTYPE").asText().matches("float32|float16|auto"), o.where("ConfigMap", "FASTMATH_DTYPE"));
    }

    /** Keys are secrets: from an optional Secret (the API is open without one), never from the ConfigMap. */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void apiKeysComeFromAnOptionalSecret(String name) {
        Overlay o = Overlay.of(name);
        for (String property : List.of("fastmath.api-keys", "fastmath.admin-key")) {
            String var = AppSettings.envName(property);
            assertTrue(AppSettings.properties().containsKey(property), property + " is not declared by ServingConfig");
            assertFalse(o.config().has(var), o.where("ConfigMap", var) + ": a key belongs in a Secret");
            JsonNode ref = null;
            for (JsonNode e : o.container().path("env")) {
                if (e.path("name").asText().equals(var)) {
                    ref = e.path("valueFrom").path("secretKeyRef");
                }
            }
            assertTrue(ref != null && ref.hasNonNull("name") && ref.hasNonNull("key"),
                    o.where("Deployment", "env " + var) + " should come from a secretKeyRef");
            assertTrue(ref.path("optional").asBoolean(false), o.where("Deployment", "env " + var) + " secretKeyRef should be optional");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void resourcesAreRequestedAndLimited(String name) {
        Overlay o = Overlay.of(name);
        JsonNode r = o.container().path("resources");
        for (String kind : List.of("requests", "limits")) {
            for (String res : List.of("cpu", "memory")) {
                assertTrue(r.path(kind).hasNonNull(res), o.where("Deployment", "resources." + kind + "." + res) + " missing");
            }
        }
        assertTrue(o.container().path("env").toString().contains("limits.cpu"),
                o.where("Deployment", "env OMP_NUM_THREADS") + " should follow limits.cpu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void terminationLeavesTimeToDrainRunningRequests(String name) {
        Overlay o = Overlay.of(name);
        JsonNode command = o.container().path("lifecycle").path("preStop").path("exec").path("command");
        assertEquals("sleep", command.path(0).asText(), o.where("Deployment", "lifecycle.preStop.exec.command"));
        int preStop = command.path(1).asInt();
        assertTrue(preStop >= 5, o.where("Deployment", "preStop sleep") + " should give endpoints time to drop the pod");
        Duration shutdown = Duration.parse("PT" + o.config().path("QUARKUS_SHUTDOWN_TIMEOUT").asText().toUpperCase());
        int grace = o.podSpec().path("terminationGracePeriodSeconds").asInt();
        assertTrue(grace > preStop + shutdown.toSeconds(), o.where("Deployment", "terminationGracePeriodSeconds") + "=" + grace
                + " should exceed preStop " + preStop + " s + QUARKUS_SHUTDOWN_TIMEOUT " + shutdown.toSeconds() + " s");
        assertEquals(0, o.deployment().path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt(-1),
                o.where("Deployment", "strategy.rollingUpdate.maxUnavailable") + ": a rollout should not drop capacity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void podRunsAsTheImagesNonRootUser(String name) {
        Overlay o = Overlay.of(name);
        JsonNode sc = o.podSpec().path("securityContext");
        assertTrue(sc.path("runAsNonRoot").asBoolean(), o.where("Deployment", "securityContext.runAsNonRoot"));
        assertEquals(DockerfilesTest.imageUid(), sc.path("runAsUser").asInt(), o.where("Deployment", "securityContext.runAsUser")
                + " should be the images' USER");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void serviceExposesHttpAndGrpcToThePods(String name) {
        Overlay o = Overlay.of(name);
        JsonNode svc = o.get("Service", APP).path("spec");
        assertTrue(podLabelsMatch(o, svc.path("selector")), o.where("Service", "selector") + " should select the pods");
        Map<String, Integer> ports = Map.of("http", AppSettings.httpPort(), "grpc", AppSettings.grpcPort());
        assertEquals(2, svc.path("ports").size(), o.where("Service", "ports"));
        for (JsonNode p : svc.path("ports")) {
            String portName = p.path("name").asText();
            assertTrue(ports.containsKey(portName), o.where("Service", "port " + portName) + " unexpected");
            assertEquals(portName, p.path("targetPort").asText(), o.where("Service", "port " + portName + " targetPort"));
            assertEquals((int) ports.get(portName), p.path("port").asInt(), o.where("Service", "port " + portName + " port"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void disruptionBudgetAutoscalerAndScrapeTargetTheService(String name) {
        Overlay o = Overlay.of(name);
        JsonNode pdb = o.get("PodDisruptionBudget", APP).path("spec");
        assertTrue(podLabelsMatch(o, pdb.path("selector").path("matchLabels")), o.where("PodDisruptionBudget", "selector"));
        assertTrue(pdb.has("maxUnavailable") || pdb.has("minAvailable"), o.where("PodDisruptionBudget", "spec"));

        JsonNode hpa = o.get("HorizontalPodAutoscaler", APP).path("spec");
        assertEquals("Deployment", hpa.path("scaleTargetRef").path("kind").asText(), o.where("HorizontalPodAutoscaler", "scaleTargetRef"));
        assertEquals(APP, hpa.path("scaleTargetRef").path("name").asText(), o.where("HorizontalPodAutoscaler", "scaleTargetRef"));
        assertTrue(hpa.path("minReplicas").asInt() >= 1 && hpa.path("minReplicas").asInt() <= hpa.path("maxReplicas").asInt(),
                o.where("HorizontalPodAutoscaler", "min/maxReplicas"));
        assertEquals(1, hpa.path("metrics").size(), o.where("HorizontalPodAutoscaler", "metrics"));
        String metric = hpa.path("metrics").path(0).path("pods").path("metric").path("name").asText();
        assertEquals(waitingMetric(), metric, o.where("HorizontalPodAutoscaler", "metrics[0].pods.metric.name"));

        JsonNode monitor = o.get("ServiceMonitor", APP).path("spec");
        JsonNode serviceLabels = o.get("Service", APP).path("metadata").path("labels");
        monitor.path("selector").path("matchLabels").properties().forEach(e -> assertEquals(e.getValue(), serviceLabels.path(e.getKey()),
                o.where("ServiceMonitor", "selector " + e.getKey()) + " should match the Service's labels"));
        assertEquals(1, monitor.path("endpoints").size(), o.where("ServiceMonitor", "endpoints"));
        assertEquals("http", monitor.path("endpoints").path(0).path("port").asText(), o.where("ServiceMonitor", "endpoints[0].port"));
        assertEquals(AppSettings.metricsPath(), monitor.path("endpoints").path(0).path("path").asText(),
                o.where("ServiceMonitor", "endpoints[0].path"));
    }

    /** The queue-depth gauge as Prometheus names it, checked against what ServingMetrics registers. */
    static String waitingMetric() {
        String name = "fastmath_num_requests_waiting";
        assertEquals(java.util.Optional.of("gauge"), ai.fastmath.api.metrics.PrometheusText.parse(AppSettings.scrape()).type(name),
                "ServingMetrics no longer exports the gauge " + name + " that the autoscaler scales on");
        return name;
    }

    @Test
    void prometheusAdapterExposesTheMetricTheAutoscalerReads() {
        JsonNode rules = Kustomize.readOne(ADAPTER_VALUES).path("rules").path("custom");
        assertEquals(1, rules.size(), ADAPTER_VALUES + ": rules.custom");
        JsonNode rule = rules.get(0);
        Matcher series = Pattern.compile("^([a-z_:]+)\\{").matcher(rule.path("seriesQuery").asText());
        assertTrue(series.find(), ADAPTER_VALUES + ": rules.custom[0].seriesQuery");
        assertEquals(waitingMetric(), series.group(1), ADAPTER_VALUES + ": rules.custom[0].seriesQuery");
        assertEquals(waitingMetric(), rule.path("name").path("as").asText(), ADAPTER_VALUES + ": rules.custom[0].name.as");
        assertEquals("pod", rule.path("resources").path("overrides").path("pod").path("resource").asText(),
                ADAPTER_VALUES + ": the metric must be per pod for a Pods metric");
    }

    @Test
    void gpuOverlayRunsFloat16OnOneGpuWithWeightsFromAVolume() {
        Overlay o = Overlay.of("gpu");
        JsonNode r = o.container().path("resources");
        assertEquals(1, r.path("limits").path("nvidia.com/gpu").asInt(), o.where("Deployment", "resources.limits.nvidia.com/gpu"));
        assertEquals(1, r.path("requests").path("nvidia.com/gpu").asInt(), o.where("Deployment", "resources.requests.nvidia.com/gpu"));
        assertEquals("cuda", o.config().path("FASTMATH_DEVICE").asText(), o.where("ConfigMap", "FASTMATH_DEVICE"));
        assertEquals("float16", o.config().path("FASTMATH_DTYPE").asText(), o.where("ConfigMap", "FASTMATH_DTYPE"));
        assertTrue(o.container().path("image").asText().endsWith(":cuda"), o.where("Deployment", "image") + " should be the CUDA image");

        String model = o.config().path("FASTMATH_MODEL").asText();
        JsonNode mount = null;
        for (JsonNode m : o.container().path("volumeMounts")) {
            if (model.startsWith(m.path("mountPath").asText() + "/")) {
                mount = m;
            }
        }
        assertTrue(mount != null, o.where("ConfigMap", "FASTMATH_MODEL") + "=" + model + " is on no mounted volume");
        assertTrue(mount.path("readOnly").asBoolean(), o.where("Deployment", "volumeMounts " + mount.path("name").asText() + ".readOnly"));
        JsonNode volume = null;
        for (JsonNode v : o.podSpec().path("volumes")) {
            if (v.path("name").equals(mount.path("name"))) {
                volume = v;
            }
        }
        assertTrue(volume != null && volume.has("persistentVolumeClaim"), o.where("Deployment", "volume " + mount.path("name").asText())
                + " should be a PersistentVolumeClaim");
        o.get("PersistentVolumeClaim", volume.path("persistentVolumeClaim").path("claimName").asText());
    }

    @Test
    void cpuOverlayServesTheDefaultModelInsideTheImageOnTheCpu() {
        Overlay o = Overlay.of("cpu");
        assertFalse(o.container().path("resources").toString().contains("nvidia.com/gpu"), o.where("Deployment", "resources"));
        assertEquals("cpu", o.config().path("FASTMATH_DEVICE").asText(), o.where("ConfigMap", "FASTMATH_DEVICE"));
        assertFalse(o.config().has("FASTMATH_MODEL"), o.where("ConfigMap", "FASTMATH_MODEL") + " would replace the image's default model");
        assertTrue(o.container().path("image").asText().endsWith(":cpu"), o.where("Deployment", "image") + " should be the CPU image");
    }

    @Test
    void readmeNamesOnlySettingsThatExist() throws IOException {
        Path readme = Path.of("deploy", "README.md");
        Matcher m = Pattern.compile("\\b(FASTMATH|QUARKUS)_[A-Z0-9_]+\\b").matcher(Files.readString(readme));
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(AppSettings.allowedEnv(m.group()), readme + " names " + m.group() + ", which the application does not read");
        }
        assertTrue(found > 0, readme + " should document the settings");
    }

    private static boolean podLabelsMatch(Overlay o, JsonNode selector) {
        JsonNode labels = o.deployment().path("spec").path("template").path("metadata").path("labels");
        boolean[] all = {selector.size() > 0};
        selector.properties().forEach(e -> all[0] &= e.getValue().equals(labels.path(e.getKey())));
        return all[0];
    }
}
