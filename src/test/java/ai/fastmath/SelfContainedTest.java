package ai.fastmath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fresh clone explains and tests itself: no file of the project names a document or dataset kept
 * outside the repository (the team's shared folder, its platform notes).
 */
class SelfContainedTest {

    /** Names of things outside the repository; written in pieces so this file does not match itself. */
    private static final List<String> OUTSIDE = List.of("PLATFORM" + ".md", "../" + "shared", "/work/" + "shared");
    /** Build output, installed packages, version control and training runs (ignored by git) are not the project's text. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", "runs");

    static List<String> references(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = root.relativize(f);
                boolean skipped = false;
                for (Path part : rel) {
                    skipped |= SKIPPED.contains(part.toString());
                }
                if (skipped || Files.size(f) > 2_000_000) {
                    continue;
                }
                String text;
                try {
                    text = Files.readString(f);
                } catch (MalformedInputException binary) {
                    continue; // weights, images
                }
                for (String name : OUTSIDE) {
                    if (text.contains(name)) {
                        found.add(rel + ": " + name);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void noProjectFileRefersToAFileOutsideTheRepository() throws IOException {
        assertEquals(List.of(), references(Path.of("")));
    }

    @Test
    void theScanFindsAReference() throws IOException {
        Path root = Files.createTempDirectory("self-contained");
        Files.writeString(root.resolve("notes.md"), "see " + OUTSIDE.get(0) + " for the traps");
        Files.write(root.resolve("weights.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(references(root).equals(List.of("notes.md: " + OUTSIDE.get(0))), references(root).toString());
    }
}
