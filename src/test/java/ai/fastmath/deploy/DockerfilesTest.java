package ai.fastmath.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.deploy.Dockerfile.Instruction;
import ai.fastmath.deploy.Dockerfile.Stage;
import ai.fastmath.model.DefaultModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The container images (deploy/docker) against the application: the Quarkus fast-jar layout, a
 * non-root user, the ports, {@code serve} as the command, settings the app reads, the default model
 * in the CPU image, and the CUDA image's libtorch flavor against the JNI libraries DJL ships. The
 * files are also linted with dockerfile-utils (npm, pinned in src/test/node).
 */
class DockerfilesTest {

    static final Path DOCKER = Path.of("deploy", "docker");
    static final Path CPU = DOCKER.resolve("Dockerfile.cpu");
    static final Path CUDA = DOCKER.resolve("Dockerfile.cuda");
    /** The fast-jar: what ./mvnw package leaves in target/quarkus-app and `java -jar quarkus-run.jar` needs. */
    static final List<String> FAST_JAR = List.of("lib/", "app/", "quarkus/", "quarkus-run.jar");

    static List<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(DOCKER)) {
            return files.filter(p -> p.getFileName().toString().startsWith("Dockerfile")).sorted().toList();
        }
    }

    @Test
    void bothImagesExistAndNothingElseHidesThere() throws IOException {
        assertEquals(List.of(CPU, CUDA), dockerfiles(), "deploy/docker should hold exactly the CPU and CUDA Dockerfiles");
    }

    @Test
    void lintCleanWithDockerfileUtils() throws Exception {
        Path bin = Path.of("src", "test", "node", "node_modules", "dockerfile-utils", "bin", "dockerfile-utils");
        assertTrue(Files.isRegularFile(bin), bin + " missing: Maven runs `npm ci` in src/test/node before the tests");
        for (Path f : dockerfiles()) {
            Process p = new ProcessBuilder("node", bin.toString(), "lint", "--json", f.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dockerfile-utils did not finish on " + f);
            assertEquals("[]", out, f + ": dockerfile-utils lint found problems");
            assertEquals(0, p.exitValue(), f + ": dockerfile-utils exit status");
        }
    }

    @Test
    void imagesCopyTheWholeFastJarIntoTheWorkdirAndRunServe() throws IOException {
        for (Path f : dockerfiles()) {
            Stage image = Dockerfile.read(f).image();
            String workdir = image.last("WORKDIR").orElseThrow(() -> new AssertionError(f + ": no WORKDIR")).args();
            Set<String> copied = image.all("COPY").stream().filter(c -> !c.flags().containsKey("from"))
                    .map(c -> c.operands().get(0)).collect(Collectors.toSet());
            for (String part : FAST_JAR) {
                assertTrue(copied.contains("target/quarkus-app/" + part), f + ": COPY target/quarkus-app/" + part + " missing");
            }
            List<String> command = new ArrayList<>(image.last("ENTRYPOINT").orElseThrow(() -> new AssertionError(f + ": no ENTRYPOINT"))
                    .execForm());
            command.addAll(image.last("CMD").map(Instruction::execForm).orElse(List.of()));
            assertEquals(List.of("java", "-jar", workdir + "/quarkus-run.jar", "serve"), command,
                    f + ": ENTRYPOINT + CMD should run the fast-jar's serve command");
            AppSettings.serveCommand(); // serve exists in the executable
        }
    }

    @Test
    void theBuildMakesAFastJar() throws IOException {
        String type = AppSettings.applicationProperties().getProperty("quarkus.package.jar.type", "fast-jar");
        assertEquals("fast-jar", type, "application.properties quarkus.package.jar.type: the Dockerfiles copy the fast-jar layout");
        assertFalse(Files.readString(Path.of("pom.xml")).contains("quarkus.package.jar.type"),
                "pom.xml sets quarkus.package.jar.type: the Dockerfiles copy the fast-jar layout");
    }

    @Test
    void imagesRunAsANumericNonRootUser() throws IOException {
        for (Path f : dockerfiles()) {
            String user = Dockerfile.read(f).image().last("USER").orElseThrow(() -> new AssertionError(f + ": no USER")).args();
            String uid = user.split(":")[0];
            assertTrue(uid.matches("\\d+"), f + ": USER " + user + " should be numeric (runAsNonRoot can only verify a number)");
            assertNotEquals("0", uid, f + ": USER is root");
            assertEquals(String.valueOf(imageUid()), uid, f + ": both images should run as the same uid");
        }
    }

    /** The uid the images run as (the Kubernetes securityContext must match). */
    static int imageUid() {
        String user = Dockerfile.read(CPU).image().last("USER").orElseThrow(() -> new AssertionError(CPU + ": no USER")).args();
        try {
            return Integer.parseInt(user.split(":")[0]);
        } catch (NumberFormatException e) {
            throw new AssertionError(CPU + ": USER " + user + " is not a numeric uid", e);
        }
    }

    @Test
    void imagesExposeTheApplicationsPorts() throws IOException {
        Set<String> expected = Set.of(String.valueOf(AppSettings.httpPort()), String.valueOf(AppSettings.grpcPort()));
        for (Path f : dockerfiles()) {
            Set<String> exposed = Dockerfile.read(f).image().all("EXPOSE").stream().flatMap(e -> e.words().stream())
                    .map(w -> w.replace("/tcp", "")).collect(Collectors.toSet());
            assertEquals(expected, exposed, f + ": EXPOSE should be the HTTP and gRPC ports of application.properties");
        }
    }

    @Test
    void everyEnvironmentVariableIsOneSomethingReads() throws IOException {
        for (Path f : dockerfiles()) {
            for (Stage s : Dockerfile.read(f).stages()) {
                for (String name : s.env().keySet()) {
                    assertTrue(AppSettings.allowedEnv(name), f + ": ENV " + name + " is neither a property the application declares ("
                            + AppSettings.envToProperty().keySet() + ") nor one of " + AppSettings.RUNTIME_ENV.keySet());
                }
            }
        }
    }

    @Test
    void buildContextHoldsEverythingTheImagesCopy() throws IOException {
        List<String> included = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        for (Path f : dockerfiles()) {
            for (Stage s : Dockerfile.read(f).stages()) {
                for (Instruction c : s.all("COPY")) {
                    if (c.flags().containsKey("from")) {
                        continue;
                    }
                    String src = c.operands().get(0);
                    assertTrue(included.stream().anyMatch(src::startsWith),
                            f + " line " + c.line() + ": COPY " + src + " is excluded from the build context by .dockerignore");
                    assertTrue(Files.exists(Path.of(src)) || src.startsWith("target/"), f + " line " + c.line() + ": " + src + " does not exist");
                }
            }
        }
    }

    @Test
    void cpuImageCarriesTheDefaultModelWhereServeLooksForIt() {
        Dockerfile df = Dockerfile.read(CPU);
        Stage image = df.image();
        String pointer = DefaultModel.POINTER.toString();
        assertTrue(image.all("COPY").stream().anyMatch(c -> c.flags().containsKey("from")
                        && c.operands().get(c.operands().size() - 1).equals(DefaultModel.POINTER.getParent() + "/")),
                CPU + ": the image should copy the default model to <WORKDIR>/" + DefaultModel.POINTER.getParent() + "/");
        Stage model = df.stage("default-model").orElseThrow(() -> new AssertionError(CPU + ": no default-model stage"));
        assertTrue(model.all("RUN").stream().anyMatch(r -> r.args().contains("cat /src/models/DEFAULT")),
                CPU + ": the default-model stage should follow " + pointer);
        assertFalse(image.env().containsKey("FASTMATH_MODEL"), CPU + ": FASTMATH_MODEL would override the default model");
    }

    @Test
    void buildTimeWarmUpUsesOptionsTheGenerateCommandHas() {
        CommandSpec generate = AppSettings.command("generate");
        for (Path f : List.of(CPU, CUDA)) {
            for (Stage s : Dockerfile.read(f).stages()) {
                for (Instruction run : s.all("RUN")) {
                    if (!run.args().contains("quarkus-run.jar generate")) {
                        continue;
                    }
                    for (String w : run.words()) {
                        if (w.startsWith("--")) {
                            assertTrue(generate.findOption(w) != null, f + " line " + run.line() + ": generate has no option " + w);
                        }
                    }
                }
            }
        }
    }

    @Test
    void cudaImageRunsFloat16OnCudaWithLibtorchDjlCanLoadOffline() throws IOException {
        Dockerfile df = Dockerfile.read(CUDA);
        Map<String, String> env = df.stage("base").orElseThrow(() -> new AssertionError(CUDA + ": no base stage")).env();
        assertEquals("cuda", env.get("FASTMATH_DEVICE"), CUDA + ": ENV FASTMATH_DEVICE");
        assertEquals("float16", env.get("FASTMATH_DTYPE"), CUDA + ": ENV FASTMATH_DTYPE");
        String flavor = env.get("PYTORCH_FLAVOR");
        String jni = "jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so";
        assertTrue(getClass().getClassLoader().getResource(jni) != null,
                CUDA + ": PYTORCH_FLAVOR=" + flavor + " but the pytorch-jni jar has no " + jni + " (DJL would need the network)");
        // the CPU libtorch jar is blanked, so that DJL takes its download path for PYTORCH_FLAVOR
        String nativeJar = "lib/main/ai.djl.pytorch.pytorch-native-cpu-*.jar";
        assertTrue(df.stage("base").orElseThrow().all("RUN").stream().anyMatch(r -> r.args().contains(nativeJar)),
                CUDA + ": the base stage should replace " + nativeJar);
        assertTrue(getClass().getClassLoader().getResource("native/lib/pytorch.properties") != null,
                "pytorch-native-cpu is no longer on the class path: the CUDA Dockerfile's jar replacement is stale");
        // libtorch comes from the download stage, into the DJL cache the app reads
        Stage image = df.image();
        Instruction fromDownload = image.all("COPY").stream().filter(c -> "libtorch".equals(c.flags().get("from"))).findFirst()
                .orElseThrow(() -> new AssertionError(CUDA + ": the image should COPY --from=libtorch the DJL cache"));
        assertEquals(env.get("DJL_CACHE_DIR"), fromDownload.operands().get(0), CUDA + ": COPY --from=libtorch source vs DJL_CACHE_DIR");
        assertTrue(df.stage("libtorch").orElseThrow().all("RUN").stream()
                        .anyMatch(r -> r.args().contains("-Dai.djl.offline=false") && r.args().contains("libtorch_cuda.so")),
                CUDA + ": the libtorch stage should download with DJL online and check libtorch_cuda.so arrived");
    }

    @Test
    void cudaImageHasNoWeightsInside() {
        Stage image = Dockerfile.read(CUDA).image();
        for (Instruction c : image.all("COPY")) {
            assertFalse(String.join(" ", c.operands()).contains("models"), CUDA + " line " + c.line()
                    + ": the GPU image takes weights from a volume, it should not copy models");
        }
        assertFalse(image.env().containsKey("FASTMATH_MODEL"), CUDA + ": the model is named by the deployment");
    }
}
