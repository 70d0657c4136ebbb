package io.tributary.deploy.k8s;

import static io.tributary.deploy.k8s.Manifests.container;
import static io.tributary.deploy.k8s.Manifests.env;
import static io.tributary.deploy.k8s.Manifests.envValue;
import static io.tributary.deploy.k8s.Manifests.name;
import static io.tributary.deploy.k8s.Manifests.podLabels;
import static io.tributary.deploy.k8s.Manifests.podSpec;
import static io.tributary.deploy.k8s.Manifests.selects;
import static io.tributary.deploy.k8s.Manifests.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.custom.Quantity;
import io.tributary.deploy.Repo;
import io.tributary.deploy.config.ConfigProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The objects of deploy/k8s agree with each other and with the services: selectors, ports, probes, the
 * configuration's service names and settings, Secrets, NetworkPolicies. Run on the base and on the overlay.
 */
class KubernetesReferencesTest {

    /** A Service's cluster DNS name (with an optional port) inside a configuration value. */
    private static final Pattern SERVICE_NAME = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local(?::(\\d+))?");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /**
     * Who calls whom besides what the configuration names: log-query reads every reader topology lists (endpoints
     * come from topology, not from log-query's configuration).
     */
    private static final Map<String, Set<String>> IMPLICIT_CALLS = Map.of("log-query", Set.of("journal-reader"));

    /** Settings that name a service without connecting to it: an issuer is compared with tokens' {@code iss}. */
    private static final Set<String> NAMES_ONLY = Set.of("TRIBUTARY_SERVICE_AUTH_ISSUER");

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void workloadSelectorsMatchTheirPodLabels(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        assertEquals(Set.of("auth", "journal-reader", "topology", "log-query"),
                new HashSet<>(m.workloads().stream().map(Manifests::service).toList()));
        for (ObjectNode w : m.workloads()) {
            JsonNode selector = w.path("spec").path("selector").path("matchLabels");
            assertFalse(selector.isEmpty(), name(w));
            assertTrue(selects(selector, podLabels(w)), name(w));
            // Selectors of different workloads must not overlap, or Services and policies would mix them up.
            assertEquals(List.of(w), m.selectedWorkloads(selector), name(w));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void servicesReachTheirWorkloadsContainerPorts(String kustomization) throws IOException {
        Manifests m = Manifests.render(kustomization);
        for (ObjectNode svc : m.ofKind("Service")) {
            List<ObjectNode> selected = m.selectedWorkloads(svc.path("spec").path("selector"));
            assertEquals(1, selected.size(), "Service " + name(svc) + " selects " + selected.size() + " workloads");
            JsonNode container = container(selected.get(0));
            for (JsonNode port : svc.path("spec").path("ports")) {
                JsonNode containerPort = containerPort(container, port.path("targetPort"));
                assertNotNull(containerPort, "Service " + name(svc) + " targets " + port.path("targetPort") + ", not a port of "
                        + container.path("name").asText());
                // Configuration elsewhere names the Service port; keep it the port the service listens on.
                assertEquals(containerPort.path("containerPort").asInt(), port.path("port").asInt(), name(svc));
            }
        }
        // The service listens where its application.properties says.
        for (ObjectNode w : m.workloads()) {
            String httpPort = ConfigProperties.applicationProperties(service(w)).getProperty("quarkus.http.port");
            assertEquals(httpPort, container(w).path("ports").get(0).path("containerPort").asText(), name(w));
            String dockerfile = Files.readString(Repo.path("services/" + service(w) + "/src/main/docker/Dockerfile.jvm"));
            assertTrue(dockerfile.contains("\nEXPOSE " + httpPort + "\n"), service(w) + "'s Dockerfile.jvm exposes " + httpPort);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void probesAskTheHealthEndpointsOnTheServicePort(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        for (ObjectNode w : m.workloads()) {
            JsonNode c = container(w);
            Map<String, String> paths = Map.of("startupProbe", "/q/health/live", "livenessProbe", "/q/health/live",
                    "readinessProbe", "/q/health/ready");
            paths.forEach((probe, path) -> {
                JsonNode get = c.path(probe).path("httpGet");
                assertEquals(path, get.path("path").asText(), name(w) + " " + probe);
                assertNotNull(containerPort(c, get.path("port")), name(w) + " " + probe + " port " + get.path("port"));
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void everyContainerHasBoundedResourcesAndRunsAsNonRoot(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        for (ObjectNode w : m.workloads()) {
            JsonNode resources = container(w).path("resources");
            for (String r : List.of("cpu", "memory")) {
                Quantity request = Quantity.fromString(resources.path("requests").path(r).asText());
                Quantity limit = Quantity.fromString(resources.path("limits").path(r).asText());
                assertTrue(request.getNumber().compareTo(limit.getNumber()) <= 0, name(w) + " " + r + " request > limit");
            }
            assertTrue(podSpec(w).path("securityContext").path("runAsNonRoot").asBoolean(), name(w));
            assertTrue(podSpec(w).path("securityContext").path("runAsUser").asInt() > 0, name(w));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void theEnvironmentSetsOnlyRealSettings(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        for (ObjectNode w : m.workloads()) {
            ConfigProperties props = ConfigProperties.of(service(w));
            List<String> defined = new ArrayList<>();
            Set<String> referenced = new HashSet<>();
            for (Map.Entry<String, JsonNode> e : env(container(w)).entrySet()) {
                String value = e.getValue().path("value").asText("");
                Matcher ref = ENV_REFERENCE.matcher(value);
                while (ref.find()) {
                    // Kubernetes expands $(VAR) only from variables defined earlier in the list.
                    assertTrue(defined.contains(ref.group(1)), name(w) + ": " + e.getKey() + " uses $(" + ref.group(1)
                            + ") before it is defined");
                    referenced.add(ref.group(1));
                }
                defined.add(e.getKey());
            }
            for (String var : defined) {
                boolean setting = var.startsWith("TRIBUTARY_") || var.startsWith("QUARKUS_");
                assertTrue(setting ? props.acceptsEnv(var) : referenced.contains(var),
                        name(w) + ": " + var + (setting ? " is no setting of " + service(w) : " is used by nothing"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void configurationFilesSetOnlyRealSettingsAndAreWhereQuarkusReadsThem(String kustomization) throws IOException {
        Manifests m = Manifests.render(kustomization);
        ObjectNode auth = m.workloadOf("auth");
        String dockerfile = Files.readString(Repo.path("services/auth/src/main/docker/Dockerfile.jvm"));
        assertTrue(dockerfile.contains("\nWORKDIR /deployments\n"), "auth's working directory is /deployments");
        String secretKey = m.secretFiles(auth).get("/deployments/config/application.properties");
        assertNotNull(secretKey, "auth sees /deployments/config/application.properties");
        Properties props = ConfigProperties.properties(m.secretText(secretKey.split("/")[0], secretKey.split("/")[1]));
        assertFalse(props.isEmpty());
        ConfigProperties known = ConfigProperties.of("auth");
        for (String key : props.stringPropertyNames()) {
            assertTrue(known.acceptsProperty(key), key + " is no setting of auth");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void configuredServiceNamesAndPortsAreTheServices(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        for (ObjectNode w : m.workloads()) {
            for (String value : configValues(m, w).values()) {
                Matcher ref = SERVICE_NAME.matcher(value);
                while (ref.find()) {
                    ObjectNode svc = m.find("Service", ref.group(1)).orElse(null);
                    assertNotNull(svc, name(w) + ": " + value + " names no Service");
                    assertEquals(ref.group(2), svc.path("metadata").path("namespace").asText(), value);
                    if (ref.group(3) != null) {
                        assertTrue(servicePorts(svc).contains(Integer.parseInt(ref.group(3))), value + ": no such port");
                    }
                }
            }
        }
        // Each reference reaches the service that answers it.
        JsonNode query = container(m.workloadOf("log-query"));
        assertEquals(Set.of("topology"), reached(m, envValue(query, "TRIBUTARY_QUERY_TOPOLOGY")));
        assertEquals(Set.of("auth"), reached(m, envValue(query, "TRIBUTARY_QUERY_AUTH_URL")));
        JsonNode topology = container(m.workloadOf("topology"));
        String dnsName = envValue(topology, "TRIBUTARY_TOPOLOGY_DNS_NAME");
        assertEquals(Set.of("journal-reader"), reached(m, dnsName));
        ObjectNode readersService = m.get("Service", dnsName.split("\\.")[0]);
        assertEquals("None", readersService.path("spec").path("clusterIP").asText(), "the dns source needs a headless Service");
        assertEquals("A", envValue(topology, "TRIBUTARY_TOPOLOGY_DNS_TYPE"), "a headless Service has A records");
        JsonNode reader = container(m.workloadOf("journal-reader"));
        String readerPort = reader.path("ports").get(0).path("containerPort").asText();
        assertEquals(readerPort, envValue(topology, "TRIBUTARY_TOPOLOGY_DNS_PORT"));
        assertEquals("$(POD_IP):" + readerPort, envValue(reader, "TRIBUTARY_READER_ENDPOINT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void serviceToServiceAuthIsWiredThroughAuthAndTheSecrets(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        ObjectNode auth = m.workloadOf("auth");
        String issuer = envValue(container(auth), "TRIBUTARY_AUTH_ISSUER_URL");
        assertEquals(Set.of("auth"), reached(m, issuer));
        Map<String, String> authConfig = configValues(m, auth);
        for (ObjectNode w : m.workloads()) {
            if (service(w).equals("auth")) {
                continue;
            }
            JsonNode c = container(w);
            // On by default (the services' own default): nothing may turn it off.
            assertFalse("false".equals(envValue(c, "TRIBUTARY_SERVICE_AUTH_ENABLED")), name(w));
            if (service(w).equals("journal-reader")) {
                // Readers only check tokens: auth's issuer name and public key, no connection to auth.
                assertEquals(issuer, envValue(c, "TRIBUTARY_SERVICE_AUTH_ISSUER"), name(w));
                assertNull(envValue(c, "TRIBUTARY_SERVICE_AUTH_URL"), name(w) + ": readers never call auth");
                String publicKey = envValue(c, "TRIBUTARY_SERVICE_AUTH_ISSUER_PUBLIC_KEY_FILE");
                assertEquals("tributary-auth/issuer-key.pub.pem", m.secretFiles(w).get(publicKey),
                        name(w) + ": " + publicKey + " is the public half of auth's issuer key");
                continue;
            }
            assertEquals(issuer, envValue(c, "TRIBUTARY_SERVICE_AUTH_URL"), name(w) + ": tokens are checked against auth's issuer");
            String account = envValue(c, "TRIBUTARY_SERVICE_AUTH_ACCOUNT");
            assertEquals(service(w), account, name(w));
            String keyFile = envValue(c, "TRIBUTARY_SERVICE_AUTH_PRIVATE_KEY_FILE");
            assertTrue(m.secretFiles(w).containsKey(keyFile), name(w) + ": " + keyFile + " comes from no Secret");
            String publicKeyFile = authConfig.get("tributary.auth.service-accounts." + account + ".public-key-file");
            assertNotNull(publicKeyFile, "auth knows no service account " + account);
            assertTrue(m.secretFiles(auth).containsKey(publicKeyFile), publicKeyFile + " comes from no Secret");
        }
        String keyFile = envValue(container(auth), "TRIBUTARY_AUTH_ISSUER_KEY_FILE");
        assertTrue(m.secretFiles(auth).containsKey(keyFile), keyFile + " comes from no Secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void secretsAndVolumesReferencedExist(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        for (ObjectNode w : m.workloads()) {
            for (JsonNode e : container(w).path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertTrue(m.secretKeys(ref.path("name").asText()).contains(ref.path("key").asText()),
                            name(w) + ": " + ref);
                }
            }
            Set<String> volumes = new TreeSet<>();
            for (JsonNode v : podSpec(w).path("volumes")) {
                volumes.add(v.path("name").asText());
                JsonNode secret = v.path("secret");
                if (!secret.isMissingNode()) {
                    List<String> keys = m.secretKeys(secret.path("secretName").asText());
                    secret.path("items").forEach(i -> assertTrue(keys.contains(i.path("key").asText()), name(w) + ": " + i));
                }
            }
            Set<String> mounted = new TreeSet<>();
            container(w).path("volumeMounts").forEach(vm -> mounted.add(vm.path("name").asText()));
            assertEquals(volumes, mounted, name(w) + ": every volume mounted, every mount a volume");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void networkPoliciesLetExactlyTheCallersIn(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        Map<String, Set<String>> callers = new TreeMap<>();
        for (ObjectNode w : m.workloads()) {
            Set<String> callees = new TreeSet<>(IMPLICIT_CALLS.getOrDefault(service(w), Set.of()));
            configValues(m, w).forEach((k, v) -> {
                if (!NAMES_ONLY.contains(k)) {
                    callees.addAll(reached(m, v));
                }
            });
            callees.remove(service(w));
            callees.forEach(callee -> callers.computeIfAbsent(callee, k -> new TreeSet<>()).add(service(w)));
        }
        for (ObjectNode policy : m.ofKind("NetworkPolicy")) {
            List<ObjectNode> selected = m.selectedWorkloads(policy.path("spec").path("podSelector").path("matchLabels"));
            assertEquals(1, selected.size(), "NetworkPolicy " + name(policy) + " selects one workload");
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                for (JsonNode from : rule.path("from")) {
                    assertFalse(m.selectedWorkloads(from.path("podSelector").path("matchLabels")).isEmpty(),
                            name(policy) + ": " + from + " selects nothing");
                }
            }
        }
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (ObjectNode w : m.workloads()) {
            Set<String> clients = allowedClients(m, w);
            if (clients != null) {
                allowed.put(service(w), clients);
            }
        }
        // What the issue asks: only log-query and topology reach the readers and auth; topology only log-query.
        assertEquals(Map.of("journal-reader", Set.of("log-query", "topology"),
                "auth", Set.of("log-query", "topology"),
                "topology", Set.of("log-query")), allowed);
        allowed.forEach((callee, clients) -> assertEquals(callers.get(callee), clients, "callers of " + callee));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void theReaderRunsOnEveryNodeAndReadsTheHostJournal(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        ObjectNode reader = m.workloadOf("journal-reader");
        assertEquals("DaemonSet", reader.path("kind").asText());
        JsonNode spec = podSpec(reader);
        boolean toleratesAll = false;
        for (JsonNode t : spec.path("tolerations")) {
            toleratesAll |= "Exists".equals(t.path("operator").asText()) && !t.has("key") && !t.has("effect");
        }
        assertTrue(toleratesAll, "tolerates every taint");
        assertFalse(spec.path("securityContext").path("supplementalGroups").isEmpty(), "journal group");
        Map<String, String> hostPaths = new HashMap<>();
        spec.path("volumes").forEach(v -> {
            if (v.has("hostPath")) {
                hostPaths.put(v.path("name").asText(), v.path("hostPath").path("path").asText());
            }
        });
        Map<String, String> mounted = new TreeMap<>();
        for (JsonNode vm : container(reader).path("volumeMounts")) {
            String host = hostPaths.get(vm.path("name").asText());
            if (host != null) {
                assertTrue(vm.path("readOnly").asBoolean(), vm.toString());
                mounted.put(host, vm.path("mountPath").asText());
            }
        }
        assertEquals(Map.of("/var/log/journal", "/var/log/journal", "/run/log/journal", "/run/log/journal",
                "/etc/machine-id", "/etc/machine-id"), mounted);
        assertEquals("spec.nodeName", Manifests.env(container(reader)).get("TRIBUTARY_READER_NODE_NAME")
                .path("valueFrom").path("fieldRef").path("fieldPath").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/keycloak"})
    void logQueryIsReplicatedAutoscaledAndProtected(String kustomization) {
        Manifests m = Manifests.render(kustomization);
        ObjectNode query = m.workloadOf("log-query");
        assertEquals("Deployment", query.path("kind").asText());
        assertEquals(2, query.path("spec").path("replicas").asInt());
        ObjectNode hpa = m.get("HorizontalPodAutoscaler", name(query));
        JsonNode target = hpa.path("spec").path("scaleTargetRef");
        assertEquals(List.of("apps/v1", "Deployment", name(query)),
                List.of(target.path("apiVersion").asText(), target.path("kind").asText(), target.path("name").asText()));
        assertTrue(hpa.path("spec").path("minReplicas").asInt() >= 2);
        assertTrue(hpa.path("spec").path("maxReplicas").asInt() > hpa.path("spec").path("minReplicas").asInt());
        ObjectNode pdb = m.get("PodDisruptionBudget", name(query));
        assertEquals(List.of(query), m.selectedWorkloads(pdb.path("spec").path("selector").path("matchLabels")));
        assertTrue(pdb.path("spec").path("minAvailable").asInt() >= 1);
    }

    /** A container port by name or number; null when the container has none such. */
    private static JsonNode containerPort(JsonNode container, JsonNode port) {
        for (JsonNode p : container.path("ports")) {
            if (port.isTextual() ? p.path("name").asText().equals(port.asText())
                    : p.path("containerPort").asInt() == port.asInt()) {
                return p;
            }
        }
        return null;
    }

    private static Set<Integer> servicePorts(JsonNode svc) {
        Set<Integer> ports = new HashSet<>();
        svc.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        return ports;
    }

    /** The services (workloads' service names) a configuration value names through Services. */
    private static Set<String> reached(Manifests m, String value) {
        Set<String> out = new TreeSet<>();
        if (value == null) {
            return out;
        }
        Matcher ref = SERVICE_NAME.matcher(value);
        while (ref.find()) {
            m.find("Service", ref.group(1)).ifPresent(svc -> m.selectedWorkloads(svc.path("spec").path("selector"))
                    .forEach(w -> out.add(service(w))));
        }
        return out;
    }

    /** A workload's settings: env values and the properties files it mounts from Secrets under /deployments/config. */
    private static Map<String, String> configValues(Manifests m, ObjectNode w) {
        Map<String, String> values = new TreeMap<>();
        env(container(w)).forEach((k, e) -> {
            if (e.has("value")) {
                values.put(k, e.path("value").asText());
            }
        });
        m.secretFiles(w).forEach((path, secretKey) -> {
            if (path.startsWith("/deployments/config/") && path.endsWith(".properties")) {
                String[] sk = secretKey.split("/", 2);
                Properties p = ConfigProperties.properties(m.secretText(sk[0], sk[1]));
                p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
            }
        });
        return values;
    }

    /** The services a NetworkPolicy lets in to this workload's port; null when no policy selects it (open). */
    private static Set<String> allowedClients(Manifests m, ObjectNode w) {
        int port = container(w).path("ports").get(0).path("containerPort").asInt();
        Set<String> clients = null;
        for (ObjectNode policy : m.ofKind("NetworkPolicy")) {
            if (!selects(policy.path("spec").path("podSelector").path("matchLabels"), podLabels(w))) {
                continue;
            }
            if (clients == null) {
                clients = new TreeSet<>();
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                boolean portAllowed = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    portAllowed |= p.path("port").asInt() == port;
                }
                if (!portAllowed) {
                    continue;
                }
                for (JsonNode from : rule.path("from")) {
                    if (from.has("namespaceSelector") || from.has("ipBlock")) {
                        fail(name(policy) + ": only same-namespace pod selectors are expected: " + from);
                    }
                    for (ObjectNode c : m.selectedWorkloads(from.path("podSelector").path("matchLabels"))) {
                        clients.add(service(c));
                    }
                }
            }
        }
        return clients;
    }
}
