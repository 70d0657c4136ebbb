package io.tributary.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.deploy.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every manifest, as kustomize renders it, is a valid Kubernetes object; the validator itself can say no. */
class KubernetesManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void everyRenderedResourceIsAValidKubernetesObject(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        Set<String> kinds = m.all().stream().map(r -> r.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("Namespace", "Secret", "Service", "Deployment", "DaemonSet",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy")), kinds);
        for (ObjectNode r : m.all()) {
            assertDoesNotThrow(() -> KubernetesModels.validate(r), Kustomize.id(r));
            if (!r.path("kind").asText().equals("Namespace")) {
                assertEquals("tributary", r.path("metadata").path("namespace").asText(), Kustomize.id(r));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void theKustomizationListsEveryFileInItsDirectory(String kustomization) throws IOException {
        Path dir = Repo.path(kustomization);
        Set<String> yamlFiles;
        try (Stream<Path> files = Files.list(dir)) {
            yamlFiles = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = Kustomize.files(dir).stream().filter(f -> !f.startsWith(".."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(yamlFiles, listed);
    }

    @Test
    void anUnknownFieldIsRejected() {
        ObjectNode deployment = base("Deployment", "log-query");
        ((ObjectNode) Manifests.container(deployment)).put("imagePullPolicyy", "Always");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KubernetesModels.validate(deployment));
        assertTrue(e.getMessage().contains("imagePullPolicyy"), e.getMessage());
    }

    @Test
    void aMisplacedFieldIsRejected() {
        // hostPath belongs to a volume, not to a volume mount.
        ObjectNode reader = base("DaemonSet", "journal-reader");
        ((ObjectNode) Manifests.container(reader).path("volumeMounts").get(0)).put("hostPath", "/var/log/journal");
        assertThrows(IllegalArgumentException.class, () -> KubernetesModels.validate(reader));
    }

    @Test
    void aMissingRequiredFieldIsRejected() {
        ObjectNode deployment = base("Deployment", "topology");
        ((ObjectNode) deployment.path("spec")).remove("selector");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KubernetesModels.validate(deployment));
        assertTrue(e.getMessage().contains("selector"), e.getMessage());
        ObjectNode service = base("Service", "auth");
        ((ObjectNode) service.path("spec").path("ports").get(0)).remove("port");
        assertThrows(IllegalArgumentException.class, () -> KubernetesModels.validate(service));
    }

    @Test
    void aWrongApiVersionIsRejected() {
        ObjectNode hpa = base("HorizontalPodAutoscaler", "log-query");
        hpa.put("apiVersion", "autoscaling/v1");
        assertThrows(IllegalArgumentException.class, () -> KubernetesModels.validate(hpa));
    }

    @Test
    void aKustomizationFeatureTheRendererDoesNotImplementIsRefused(@TempDir Path dir) throws IOException {
        kustomizationWithANamespace(dir, "commonLabels: {team: logs}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kustomize.render(dir));
        assertTrue(e.getMessage().contains("commonLabels"), e.getMessage());
    }

    @Test
    void aPatchWithoutATargetIsRefused(@TempDir Path dir) throws IOException {
        kustomizationWithANamespace(dir, "patches: [{path: p.yaml}]");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: y}\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomize.render(dir));
    }

    @Test
    void strategicMergeMergesNamedListsAndReplacesOthers() {
        ObjectNode target = (ObjectNode) io.tributary.deploy.Yaml.documents("""
                spec:
                  containers:
                    - name: a
                      env: [{name: X, value: "1"}, {name: Y, value: "2"}]
                      args: [one, two]
                """, "target").get(0);
        ObjectNode patch = (ObjectNode) io.tributary.deploy.Yaml.documents("""
                spec:
                  containers:
                    - name: a
                      env: [{name: Y, value: "3"}, {name: Z, value: "4"}]
                      args: [three]
                """, "patch").get(0);
        Kustomize.merge(target, patch, "");
        ArrayNode env = (ArrayNode) target.at("/spec/containers/0/env");
        assertEquals("[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"3\"},{\"name\":\"Z\",\"value\":\"4\"}]",
                env.toString());
        assertEquals("[\"three\"]", target.at("/spec/containers/0/args").toString());
        assertEquals(1, target.at("/spec/containers").size());
    }

    @Test
    void theKeycloakOverlayChangesAuthAndKeepsTheRest() {
        Manifests base = Manifests.render("deploy/k8s/base");
        Manifests overlay = Manifests.render("deploy/k8s/overlays/keycloak");
        assertEquals(base.all().size(), overlay.all().size());
        var auth = Manifests.container(overlay.get("Deployment", "auth"));
        assertEquals("false", Manifests.envValue(auth, "TRIBUTARY_AUTH_BOOTSTRAP_ADMIN_ENABLED"));
        // The base's settings are still there: the patch merged env by name.
        Manifests.env(Manifests.container(base.get("Deployment", "auth")))
                .keySet().forEach(name -> assertTrue(Manifests.env(auth).containsKey(name), name));
        String props = overlay.secretText("tributary-auth", "application.properties");
        assertTrue(props.contains("tributary.auth.oidc.keycloak.issuer="), props);
        assertFalse(base.secretText("tributary-auth", "application.properties").contains("\ntributary.auth.oidc"));
        // The Secret's other keys survive the patch of one key.
        assertEquals(new TreeSet<>(base.secretKeys("tributary-auth")), new TreeSet<>(overlay.secretKeys("tributary-auth")));
    }

    /** A kustomization of one Namespace x, plus one more line. */
    private static void kustomizationWithANamespace(Path dir, String line) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [ns.yaml]\n" + line + "\n");
        Files.writeString(dir.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n");
    }

    private static ObjectNode base(String kind, String name) {
        return Manifests.render("deploy/k8s/base").get(kind, name);
    }
}
