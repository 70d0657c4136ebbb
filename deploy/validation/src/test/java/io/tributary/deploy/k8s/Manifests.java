package io.tributary.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.deploy.Repo;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rendered kustomization, with the look-ups the cross-reference checks need. */
public final class Manifests {

    private static final Pattern IMAGE = Pattern.compile("tributary/([a-z-]+):[\\w.-]+");

    private final String source;
    private final List<ObjectNode> resources;

    private Manifests(String source, List<ObjectNode> resources) {
        this.source = source;
        this.resources = resources;
    }

    /** Renders the kustomization at a path relative to the repository root. */
    public static Manifests render(String kustomization) {
        return new Manifests(kustomization, Kustomize.render(Repo.path(kustomization)));
    }

    public List<ObjectNode> all() {
        return resources;
    }

    public List<ObjectNode> ofKind(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    public Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name(r).equals(name)).findFirst();
    }

    public ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(source + ": no " + kind + " " + name));
    }

    /** Deployments and DaemonSets. */
    public List<ObjectNode> workloads() {
        return resources.stream().filter(r -> List.of("Deployment", "DaemonSet").contains(r.path("kind").asText())).toList();
    }

    /** The workload whose container runs the image of services/&lt;service&gt;. */
    public ObjectNode workloadOf(String service) {
        return workloads().stream().filter(w -> service(w).equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError(source + ": no workload runs " + service));
    }

    public List<ObjectNode> selectedWorkloads(JsonNode matchLabels) {
        return workloads().stream().filter(w -> selects(matchLabels, podLabels(w))).toList();
    }

    public String source() {
        return source;
    }

    public static String name(JsonNode r) {
        return r.path("metadata").path("name").asText();
    }

    public static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    public static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    /** Every workload here runs one container: Tributary's service. */
    public static JsonNode container(JsonNode workload) {
        JsonNode containers = podSpec(workload).path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(Kustomize.id(workload) + ": expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    /** The service (directory under services/) a workload runs, from its image tributary/&lt;service&gt;:&lt;tag&gt;. */
    public static String service(JsonNode workload) {
        String image = container(workload).path("image").asText();
        Matcher m = IMAGE.matcher(image);
        if (!m.matches()) {
            throw new AssertionError(Kustomize.id(workload) + ": image " + image + " is not tributary/<service>:<tag>");
        }
        return m.group(1);
    }

    /** A container's environment, in order. */
    public static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            if (env.put(e.path("name").asText(), e) != null) {
                throw new AssertionError("environment variable " + e.path("name").asText() + " set twice");
            }
        }
        return env;
    }

    public static String envValue(JsonNode container, String name) {
        JsonNode e = env(container).get(name);
        return e == null ? null : e.path("value").asText(null);
    }

    /** matchLabels ⊆ labels (an empty selector selects everything, as in Kubernetes). */
    public static boolean selects(JsonNode matchLabels, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The keys a Secret holds (data and stringData). */
    public List<String> secretKeys(String name) {
        ObjectNode secret = get("Secret", name);
        List<String> keys = new java.util.ArrayList<>();
        secret.path("data").fieldNames().forEachRemaining(keys::add);
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    public String secretText(String name, String key) {
        ObjectNode secret = get("Secret", name);
        if (secret.path("stringData").has(key)) {
            return secret.path("stringData").get(key).asText();
        }
        if (secret.path("data").has(key)) {
            return new String(java.util.Base64.getDecoder().decode(secret.path("data").get(key).asText()),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new AssertionError(source + ": Secret " + name + " has no key " + key);
    }

    /**
     * The files a container sees from Secret volumes: absolute path → "secret/key". Whole-Secret mounts show every
     * key; items show their paths.
     */
    public Map<String, String> secretFiles(JsonNode workload) {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        podSpec(workload).path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        for (JsonNode mount : container(workload).path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            if (volume == null || !volume.has("secret")) {
                continue;
            }
            String secretName = volume.path("secret").path("secretName").asText();
            String dir = mount.path("mountPath").asText();
            JsonNode items = volume.path("secret").path("items");
            if (items.isMissingNode() || items.isEmpty()) {
                for (String key : secretKeys(secretName)) {
                    files.put(dir + "/" + key, secretName + "/" + key);
                }
            } else {
                for (JsonNode item : items) {
                    files.put(dir + "/" + item.path("path").asText(), secretName + "/" + item.path("key").asText());
                }
            }
        }
        return files;
    }
}
