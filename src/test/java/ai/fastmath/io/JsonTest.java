package ai.fastmath.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one JSON mapper: snake_case records, unknown keys ignored; and no second setup of it (or of the YAML one) in the code. */
class JsonTest {

    record Step(int stepNumber, double tokensPerS) {}

    @Test
    void recordsAreSnakeCaseAndUnknownKeysAreIgnored() throws Exception {
        assertEquals("{\"step_number\":3,\"tokens_per_s\":1.5}", Json.MAPPER.writeValueAsString(new Step(3, 1.5)));
        assertEquals(new Step(4, 2.0), Json.MAPPER.readValue("{\"step_number\":4,\"tokens_per_s\":2.0,\"added_later\":1}", Step.class));
        assertEquals("{\n  \"step_number\" : 3,\n  \"tokens_per_s\" : 1.5\n}", Json.PRETTY.writeValueAsString(new Step(3, 1.5)));
    }

    @Test
    void theSnakeCaseMapperIsSetUpOnce() throws IOException {
        List<String> setups;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            setups = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("PropertyNamingStrategies.SNAKE_CASE");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> p.getFileName().toString()).toList();
        }
        assertEquals(List.of("Json.java", "Yaml.java"), setups.stream().sorted().toList(), "one JSON and one YAML setup");
    }
}
