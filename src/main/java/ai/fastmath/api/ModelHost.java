package ai.fastmath.api;

import ai.fastmath.api.metrics.ServingMetrics;
import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.RequestOutput;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.model.CheckpointException;
import ai.fastmath.model.CheckpointManifest;
import ai.fastmath.model.GenerationConfig;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.Solver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Holds the model in service and swaps in a new checkpoint on request. A refresh loads and checks the
 * new checkpoint beside the old one (a generation through the new engine included), then makes it
 * current: requests already accepted finish on the old engine, which closes once it has no work left.
 * A checkpoint that fails any check is refused and the old model keeps serving. The first check is
 * the checkpoint's {@code checksums.json} (sizes and SHA-256 of its files): a mismatch is refused; a
 * checkpoint without one loads with a warning unless {@code fastmath.require-checksums} is on.
 */
@ApplicationScoped
public class ModelHost {

    private static final Logger LOG = Logger.getLogger(ModelHost.class);

    private final ServingConfig config;
    private final ServingMetrics metrics;
    private final ModelRoot root;
    private final List<LoadedModel> draining = new CopyOnWriteArrayList<>();
    private volatile LoadedModel current;
    private volatile String loadError;
    private volatile boolean loading;
    private volatile boolean shuttingDown;

    private final Event<LoadedModel> loaded;
    private final ShutdownDrain drain;

    public ModelHost(ServingConfig config, ServingMetrics metrics, ModelRoot root, Event<LoadedModel> loaded,
            ShutdownDrain drain) {
        this.config = config;
        this.metrics = metrics;
        this.root = root;
        this.loaded = loaded;
        this.drain = drain;
    }

    void onStart(@Observes StartupEvent e) {
        config.model().ifPresent(dir -> loadInBackground(Path.of(dir)));
    }

    void onStop(@Observes ShutdownEvent e) {
        drain.awaitIdle(); // every accepted request answered (or cut at the grace period) before the engines close
        shuttingDown = true;
        LoadedModel m = current;
        current = null;
        if (m != null) {
            m.close();
        }
        draining.forEach(LoadedModel::close);
        draining.clear();
    }

    /** Starts loading on a background thread; readiness turns UP when it is in service. */
    public void loadInBackground(Path dir) {
        loading = true;
        Thread t = new Thread(() -> {
            try {
                load(root.startupModel(dir));
            } catch (RuntimeException ex) {
                loadError = ex.getMessage();
                LOG.errorf("cannot load %s: %s", dir, ex.getMessage());
            } finally {
                loading = false;
            }
        }, "fastmath-model-load");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Loads, checks and swaps in a checkpoint; returns it once it serves.
     *
     * @throws CheckpointException for a directory that is not a servable checkpoint (the old model stays)
     */
    public synchronized LoadedModel load(Path dir) {
        Path path = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new CheckpointException("not a directory: " + path);
        }
        verifyChecksums(path);
        ModelConfig.load(path); // the architecture and shapes first: the clearest message for a wrong checkpoint
        TensorRuntime runtime = TensorRuntime.of(config.device(), config.dtype());
        TextTokenizer tokenizer = TextTokenizer.load(path);
        Qwen2Model model = null;
        Engine engine = null;
        try {
            if (tokenizer.chatTemplate().isEmpty()) {
                throw new CheckpointException(path + ": tokenizer_config.json has no chat_template; the solve API needs one");
            }
            model = Qwen2Model.load(path, runtime);
            ServingConfig.Engine e = config.engine();
            EngineConfig ec = new EngineConfig(e.maxNumSeqs(), e.maxNumBatchedTokens(), e.kvCacheTokens(), e.blockSize(),
                    e.maxWaiting());
            ModelConfig modelConfig = model.config();
            engine = Engine.of(model, tokenizer::decode, ec);
            model = null; // the engine owns it now
            Solver solver = new Solver(engine, tokenizer, path.toString(), GenerationConfig.load(path).stopStrings());
            smokeTest(path, solver, engine);
            LoadedModel loaded = new LoadedModel(path.getFileName().toString(), path, Instant.now(),
                    modelConfig, tokenizer, engine, solver);
            swapIn(loaded);
            return loaded;
        } catch (RuntimeException ex) {
            if (engine != null) {
                engine.close();
            }
            if (model != null) {
                model.close();
            }
            tokenizer.close();
            if (ex instanceof CheckpointException) {
                throw ex;
            }
            throw new CheckpointException(path + " failed its check: " + ex.getMessage(), ex);
        }
    }

    /** Sizes and SHA-256 of the checkpoint's files against its checksums.json, once per load, timed. */
    private void verifyChecksums(Path path) {
        long start = System.nanoTime();
        var verified = CheckpointManifest.verify(path);
        if (verified.isPresent()) {
            LOG.infof("%s: %d files (%.1f MB) match %s (%.1f s)", path, verified.get().files(),
                    verified.get().bytes() / 1e6, CheckpointManifest.FILE, (System.nanoTime() - start) / 1e9);
        } else if (config.requireChecksums()) {
            throw new CheckpointException(path + " has no " + CheckpointManifest.FILE + " and fastmath.require-checksums "
                    + "is on; record one with `fastmath checksum " + path + "`");
        } else {
            LOG.warnf("%s has no %s: its files are not verified (record one with `fastmath checksum DIR`)", path,
                    CheckpointManifest.FILE);
        }
    }

    /** One prompt through the chat template and one generated token: the checkpoint works end to end. */
    private static void smokeTest(Path path, Solver solver, Engine engine) {
        int[] prompt = solver.prompt(SolveRequest.of("1+1", 1));
        RequestOutput out = engine.generate(prompt, SamplingParams.builder().temperature(0).maxTokens(1).build());
        if (out.sequences().get(0).tokenIds().size() != 1) {
            throw new CheckpointException(path + ": the model generated no token");
        }
    }

    private void swapIn(LoadedModel next) {
        LoadedModel old = current;
        current = next;
        loadError = null;
        metrics.engineStarted(next.id(), next.engine().stats());
        loaded.fire(next);
        LOG.infof("serving %s (%s)", next.id(), next.path());
        if (old != null) {
            draining.add(old);
            Thread t = new Thread(() -> drain(old), "fastmath-drain-" + old.id());
            t.setDaemon(true);
            t.start();
        }
    }

    /** Lets the old model's accepted work finish, then frees it. */
    private void drain(LoadedModel old) {
        try {
            while (old.engine().pending() > 0 && !shuttingDown) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (draining.remove(old)) {
            metrics.engineRetired(old.engine().stats());
            old.close();
            LOG.infof("retired %s", old.id());
        }
    }

    /** The model in service. */
    public LoadedModel current() {
        LoadedModel m = current;
        if (m == null) {
            throw new ModelNotReadyException(loading ? "the model is still loading; retry shortly"
                    : "no model is loaded" + (loadError == null ? "" : " (last load failed: " + loadError + ")"));
        }
        return m;
    }

    public Optional<LoadedModel> currentIfReady() {
        return Optional.ofNullable(current);
    }

    /** Models still finishing accepted work after a refresh. */
    public List<LoadedModel> draining() {
        return new ArrayList<>(draining);
    }

    public boolean loading() {
        return loading;
    }
}
