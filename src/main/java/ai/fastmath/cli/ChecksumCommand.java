package ai.fastmath.cli;

import ai.fastmath.model.CheckpointManifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code checksum DIR}: records a checkpoint's {@code checksums.json} (size and SHA-256 of its weights,
 * config and tokenizer files), which {@code serve} verifies before loading; {@code --verify} checks it.
 * Checkpoints the training module writes have one already; this is for checkpoints from elsewhere.
 */
@Command(name = "checksum", mixinStandardHelpOptions = true,
        description = "Write (or with --verify, check) a checkpoint's checksums.json.")
public class ChecksumCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Checkpoint directory (Hugging Face layout).")
    Path dir;

    @Option(names = "--verify", description = "Check the files against the existing checksums.json instead of writing it.")
    boolean verify;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        if (verify) {
            CheckpointManifest.Verified v = CheckpointManifest.verify(dir).orElseThrow(() -> new IllegalArgumentException(
                    dir.resolve(CheckpointManifest.FILE) + " does not exist: write it with `fastmath checksum " + dir + "`"));
            out.printf("ok: %d files, %d bytes match %s (%.1f s)%n", v.files(), v.bytes(),
                    dir.resolve(CheckpointManifest.FILE), seconds(start));
        } else {
            Map<String, CheckpointManifest.Entry> files = CheckpointManifest.write(dir);
            files.forEach((name, e) -> out.printf("%s  %12d  %s%n", e.sha256(), e.size(), name));
            out.printf("wrote %s: %d files (%.1f s)%n", dir.resolve(CheckpointManifest.FILE), files.size(), seconds(start));
        }
        out.flush();
        return 0;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
