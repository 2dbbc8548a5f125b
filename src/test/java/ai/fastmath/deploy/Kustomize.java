package ai.fastmath.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of kustomize these manifests use, enough to see what an overlay deploys: {@code
 * resources} (files and bases), strategic-merge {@code patches} by file (matched on kind and name;
 * lists of named items merge by name, other lists are replaced, as kustomize does for containers,
 * env, ports, volumes and mounts), {@code images} and {@code labels}. A patch that matches nothing
 * and a field this class does not understand are errors, not silently ignored.
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper();

    private static final Set<String> KNOWN_FIELDS = Set.of("apiVersion", "kind", "resources", "patches", "images", "labels");

    private Kustomize() {}

    /** The objects {@code kubectl kustomize dir} would print, in resource order. */
    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        JsonNode k = readOne(file);
        for (Map.Entry<String, JsonNode> e : k.properties()) {
            String field = e.getKey();
            if (!KNOWN_FIELDS.contains(field)) {
                throw new AssertionError(file + ": field '" + field + "' is not understood by this test's kustomize");
            }
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(build(p));
            } else {
                objects.addAll(readAll(p));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            Path p = dir.resolve(patch.path("path").asText());
            for (ObjectNode change : readAll(p)) {
                ObjectNode target = find(objects, change.path("kind").asText(), change.path("metadata").path("name").asText())
                        .orElseThrow(() -> new AssertionError(p + ": patches " + change.path("kind").asText() + " '"
                                + change.path("metadata").path("name").asText() + "', which " + file + " does not have"));
                merge(target, change);
            }
        }
        for (JsonNode image : k.path("images")) {
            String name = image.path("name").asText();
            String newImage = image.path("newName").asText(name) + (image.has("newTag") ? ":" + image.get("newTag").asText() : "");
            for (ObjectNode o : objects) {
                for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
                    String current = c.path("image").asText();
                    if (current.equals(name) || current.startsWith(name + ":")) {
                        ((ObjectNode) c).put("image", newImage);
                    }
                }
            }
        }
        for (JsonNode label : k.path("labels")) {
            for (ObjectNode o : objects) {
                ObjectNode labels = o.withObject("/metadata/labels");
                label.path("pairs").properties().forEach(e -> labels.set(e.getKey(), e.getValue()));
            }
        }
        return objects;
    }

    static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    /** Files a kustomization names (resources that are files, and patches). */
    static Set<Path> referencedFiles(Path dir) {
        JsonNode k = readOne(dir.resolve("kustomization.yaml"));
        Set<Path> files = new LinkedHashSet<>();
        k.path("resources").forEach(r -> files.add(dir.resolve(r.asText()).normalize()));
        k.path("patches").forEach(p -> files.add(dir.resolve(p.path("path").asText()).normalize()));
        return files;
    }

    /** Strategic merge of {@code patch} into {@code target}. */
    static void merge(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode current = target.get(e.getKey());
            JsonNode change = e.getValue();
            if (current instanceof ObjectNode obj && change.isObject()) {
                merge(obj, change);
            } else if (current instanceof ArrayNode list && change.isArray() && namedItems(list) && namedItems(change)) {
                for (JsonNode item : change) {
                    Optional<JsonNode> same = stream(list).filter(x -> x.path("name").equals(item.path("name"))).findFirst();
                    if (same.isPresent()) {
                        merge((ObjectNode) same.get(), item);
                    } else {
                        list.add(item.deepCopy());
                    }
                }
            } else {
                target.set(e.getKey(), change.deepCopy());
            }
        }
    }

    private static boolean namedItems(JsonNode list) {
        return list.size() > 0 && stream(list).allMatch(x -> x.isObject() && x.has("name"));
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        return items.stream();
    }

    static JsonNode readOne(Path file) {
        List<ObjectNode> docs = readAll(file);
        if (docs.size() != 1) {
            throw new AssertionError(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    /** Every document of a YAML file (a '---'-separated stream), each an object. */
    static List<ObjectNode> readAll(Path file) {
        try {
            List<ObjectNode> docs = new ArrayList<>();
            var parser = new YAMLFactory().createParser(file.toFile());
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!(doc instanceof ObjectNode obj)) {
                    throw new AssertionError(file + ": a document is not a mapping: " + doc);
                }
                docs.add(obj);
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }
}
