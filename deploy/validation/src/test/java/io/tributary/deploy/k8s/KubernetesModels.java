package io.tributary.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Validates a manifest against the Kubernetes API's generated models (io.kubernetes:client-java-api):
 * {@code V1<Kind>.validateJsonElement} refuses fields the API does not have and required fields that are missing,
 * at every level of the object.
 */
public final class KubernetesModels {

    /** The API versions deploy/k8s may use, by kind (the models do not check apiVersion themselves). */
    private static final Map<String, String> API_VERSIONS = Map.of(
            "Namespace", "v1",
            "Secret", "v1",
            "ConfigMap", "v1",
            "Service", "v1",
            "Deployment", "apps/v1",
            "DaemonSet", "apps/v1",
            "HorizontalPodAutoscaler", "autoscaling/v2",
            "PodDisruptionBudget", "policy/v1",
            "NetworkPolicy", "networking.k8s.io/v1");

    private KubernetesModels() {
    }

    /** Throws IllegalArgumentException naming the resource and the problem. */
    public static void validate(JsonNode resource) {
        String kind = resource.path("kind").asText();
        String apiVersion = resource.path("apiVersion").asText();
        String expected = API_VERSIONS.get(kind);
        if (expected == null) {
            throw new IllegalArgumentException("kind " + kind + " is not one deploy/k8s uses: " + Kustomize.id(resource));
        }
        if (!expected.equals(apiVersion)) {
            throw new IllegalArgumentException(Kustomize.id(resource) + ": apiVersion " + apiVersion + ", expected " + expected);
        }
        if (resource.path("metadata").path("name").asText().isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " without metadata.name");
        }
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
        String model = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
                + version.substring(1) + kind;
        JsonElement json = JsonParser.parseString(resource.toString());
        try {
            Class.forName(model).getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(Kustomize.id(resource) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no model " + model, e);
        }
    }
}
