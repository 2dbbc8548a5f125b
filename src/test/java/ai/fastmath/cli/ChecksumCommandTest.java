package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.CheckpointManifest;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fastmath checksum DIR} writes checksums.json; {@code --verify} checks it and names a changed file. */
class ChecksumCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesThenVerifiesThenCatchesAChange() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{}");
        SafetensorsWriter.writeCheckpoint(dir, List.of(NamedTensor.ofFloats("w", DType.F32, new long[] {2}, new float[] {1, 2})),
                Long.MAX_VALUE);
        Cli cli = new Cli();
        assertEquals(1, cli.run("checksum", dir.toString(), "--verify"), "no manifest yet");
        assertTrue(cli.err.toString().contains("does not exist"), cli.err.toString());

        cli = new Cli();
        assertEquals(0, cli.run("checksum", dir.toString()), cli.err.toString());
        assertTrue(Files.exists(dir.resolve(CheckpointManifest.FILE)));
        assertTrue(cli.out.toString().contains("model.safetensors"), cli.out.toString());

        cli = new Cli();
        assertEquals(0, cli.run("checksum", dir.toString(), "--verify"), cli.err.toString());
        assertTrue(cli.out.toString().startsWith("ok: 2 files"), cli.out.toString());

        Files.writeString(dir.resolve("config.json"), "{ }");
        cli = new Cli();
        assertEquals(1, cli.run("checksum", dir.toString(), "--verify"));
        assertTrue(cli.err.toString().contains("config.json"), cli.err.toString());
    }
}
