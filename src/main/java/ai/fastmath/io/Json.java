package ai.fastmath.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The project's one JSON mapper for its own files and clients (the service's REST layer has
 * Quarkus's, configured in {@code application.properties} the same way): records in snake_case, as the
 * REST API and Hugging Face's files spell their keys; unknown keys ignored when reading, so a file
 * written by a newer version still reads.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Indented output, for files people read ({@code summary.json}, {@code trainer_state.json}). */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}
}
