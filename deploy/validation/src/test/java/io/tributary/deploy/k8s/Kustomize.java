package io.tributary.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.deploy.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization as {@code kubectl apply -k} would, for the subset deploy/k8s uses (there is no kustomize
 * binary here): {@code resources} (files and other kustomization directories) and {@code patches} given by
 * {@code path}, each a strategic-merge patch naming its target by kind, name and namespace. Anything else in a
 * kustomization.yaml is refused rather than ignored, so a kustomization this cannot render fails the tests.
 */
public final class Kustomize {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "patches");

    /**
     * Strategic merge keys of the lists deploy/k8s patches (from the Kubernetes API's patchMergeKey); other lists
     * are replaced by the patch's, as in Kubernetes.
     */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "imagePullSecrets", "name");

    private Kustomize() {
    }

    /** The resources of the kustomization in dir, patches applied. */
    public static List<ObjectNode> render(Path dir) {
        ObjectNode k = kustomization(dir);
        List<ObjectNode> out = new ArrayList<>();
        for (String resource : strings(k, "resources", dir)) {
            Path p = dir.resolve(resource).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                out.addAll(Yaml.documents(p));
            } else {
                throw new IllegalArgumentException(dir + ": resource " + resource + " does not exist");
            }
        }
        Set<String> ids = new HashSet<>();
        for (ObjectNode r : out) {
            if (!ids.add(id(r))) {
                throw new IllegalArgumentException(dir + ": resource " + id(r) + " is defined twice");
            }
        }
        for (JsonNode patch : k.path("patches")) {
            if (!patch.isObject() || patch.size() != 1 || !patch.path("path").isTextual()) {
                throw new IllegalArgumentException(dir + ": only patches with a path are supported: " + patch);
            }
            ObjectNode p = Yaml.single(dir.resolve(patch.get("path").asText()));
            ObjectNode target = out.stream().filter(r -> id(r).equals(id(p))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(dir + ": patch " + patch + " targets " + id(p)
                            + ", which is not a resource"));
            merge(target, p, "");
        }
        return out;
    }

    /** The file names a kustomization refers to in its own directory (resources and patches). */
    public static Set<String> files(Path dir) {
        ObjectNode k = kustomization(dir);
        Set<String> names = new HashSet<>(strings(k, "resources", dir));
        for (JsonNode patch : k.path("patches")) {
            names.add(patch.path("path").asText());
        }
        return names;
    }

    public static ObjectNode kustomization(Path dir) {
        ObjectNode k = Yaml.single(dir.resolve("kustomization.yaml"));
        if (!"kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText())
                || !"Kustomization".equals(k.path("kind").asText())) {
            throw new IllegalArgumentException(dir + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(dir + ": kustomization field " + f + " is not supported here");
            }
        }
        return k;
    }

    /** kind/namespace/name. */
    public static String id(JsonNode r) {
        return r.path("kind").asText() + "/" + r.path("metadata").path("namespace").asText() + "/"
                + r.path("metadata").path("name").asText();
    }

    /** Strategic merge of patch into target (in place). */
    static void merge(ObjectNode target, JsonNode patch, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            if (field.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + field + " at " + path + " is not supported here");
            }
            JsonNode current = target.get(field);
            if (value.isNull()) {
                target.remove(field);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, value, path + "." + field);
            } else if (value.isArray() && current != null && current.isArray() && MERGE_KEYS.containsKey(field)) {
                mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(field), path + "." + field);
            } else {
                target.set(field, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key, String path) {
        for (JsonNode item : patch) {
            if (!item.hasNonNull(key)) {
                throw new IllegalArgumentException(path + ": list item without its merge key " + key + ": " + item);
            }
            ObjectNode existing = null;
            for (JsonNode t : target) {
                if (t.path(key).equals(item.get(key))) {
                    existing = (ObjectNode) t;
                }
            }
            if (existing != null) {
                merge(existing, item, path + "[" + item.get(key).asText() + "]");
            } else {
                target.add(item.deepCopy());
            }
        }
    }

    private static List<String> strings(ObjectNode k, String field, Path dir) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : k.path(field)) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException(dir + ": " + field + " entries must be strings: " + n);
            }
            out.add(n.asText());
        }
        return out;
    }
}
