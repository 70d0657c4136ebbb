package io.tributary.deploy.marathon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.deploy.Repo;
import io.tributary.deploy.Yaml;
import io.tributary.deploy.config.ConfigProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/marathon/tributary.json: every app valid by Marathon's schema, and the apps agree with each other. */
class MarathonGroupTest {

    private static final String GROUP = "/tributary";
    /** A Mesos-DNS name of an app of this group: /tributary/auth is auth-tributary.marathon.mesos. */
    private static final Pattern MESOS_DNS = Pattern.compile("([a-z0-9-]+)-tributary\\.marathon\\.mesos(?::(\\d+))?");
    /** SmallRye Config expressions in values: ${HOST}. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** What Marathon and Mesos put into every task's environment (and nothing else may be assumed). */
    private static final Set<String> TASK_ENVIRONMENT = Set.of("HOST", "PORT0", "MESOS_SANDBOX");
    /** The JVM reads it itself. */
    private static final Set<String> JVM_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS");

    private static JsonNode group() {
        return Yaml.json(Repo.path("deploy/marathon/tributary.json"));
    }

    private static Map<String, JsonNode> apps(JsonNode group) {
        Map<String, JsonNode> apps = new LinkedHashMap<>();
        for (JsonNode app : group.path("apps")) {
            apps.put(app.path("id").asText(), app);
        }
        return apps;
    }

    private static String service(JsonNode app) {
        return app.path("id").asText().substring(GROUP.length() + 1);
    }

    @Test
    void theGroupHoldsTheFourServicesEachRunningItsImage() {
        JsonNode group = group();
        assertEquals(GROUP, group.path("id").asText());
        Map<String, JsonNode> apps = apps(group);
        assertEquals(Set.of("/tributary/auth", "/tributary/journal-reader", "/tributary/topology", "/tributary/log-query"),
                apps.keySet());
        apps.values().forEach(app -> assertTrue(app.path("container").path("docker").path("image").asText()
                .matches("tributary/" + service(app) + ":[\\w.-]+"), app.path("id").asText()));
    }

    @Test
    void everyAppMatchesMarathonsSchema() {
        for (JsonNode app : apps(group()).values()) {
            assertEquals(List.of(), MarathonSchema.errors(app), app.path("id").asText());
        }
    }

    @Test
    void theSchemaRejectsABrokenApp() {
        ObjectNode reader = (ObjectNode) apps(group()).get("/tributary/journal-reader").deepCopy();
        reader.put("instancez", 3);
        assertFalse(MarathonSchema.errors(reader).isEmpty(), "unknown field");
        ObjectNode badConstraint = (ObjectNode) apps(group()).get("/tributary/journal-reader").deepCopy();
        ((ArrayNode) badConstraint.path("constraints").get(0)).set(1, Yaml.JSON.getNodeFactory().textNode("ONE_PER_HOST"));
        assertFalse(MarathonSchema.errors(badConstraint).isEmpty(), "unknown constraint operator");
        ObjectNode badVolume = (ObjectNode) apps(group()).get("/tributary/journal-reader").deepCopy();
        ((ObjectNode) badVolume.path("container").path("volumes").get(0)).put("mode", "READ_ONLY");
        assertFalse(MarathonSchema.errors(badVolume).isEmpty(), "volume mode");
        ObjectNode cmdAndArgs = (ObjectNode) apps(group()).get("/tributary/topology").deepCopy();
        cmdAndArgs.putArray("args").add("x");
        assertFalse(MarathonSchema.errors(cmdAndArgs).isEmpty(), "cmd together with args");
    }

    @Test
    void theReaderRunsOncePerAgentWithTheHostJournalReadOnly() {
        JsonNode reader = apps(group()).get("/tributary/journal-reader");
        assertTrue(reader.path("constraints").toString().contains("[\"hostname\",\"UNIQUE\"]"));
        Set<String> roles = new HashSet<>();
        reader.path("acceptedResourceRoles").forEach(r -> roles.add(r.asText()));
        assertEquals(Set.of("*", "slave_public"), roles, "private and public agents");
        Map<String, String> volumes = new LinkedHashMap<>();
        for (JsonNode v : reader.path("container").path("volumes")) {
            assertEquals("RO", v.path("mode").asText(), v.toString());
            volumes.put(v.path("hostPath").asText(), v.path("containerPath").asText());
        }
        assertEquals(Map.of("/var/log/journal", "/var/log/journal", "/run/log/journal", "/run/log/journal",
                "/etc/machine-id", "/etc/machine-id"), volumes);
        // Fixed port: topology's mesos source reaches every agent's reader at hostname:that port.
        assertTrue(reader.path("requirePorts").asBoolean());
    }

    @Test
    void healthAndReadinessChecksAskTheHealthEndpointsOnTheServicePort() {
        for (JsonNode app : apps(group()).values()) {
            String id = app.path("id").asText();
            JsonNode ports = app.path("portDefinitions");
            assertEquals(1, app.path("healthChecks").size(), id + ": Mesos runs one MESOS_HTTP check per task");
            JsonNode hc = app.path("healthChecks").get(0);
            assertEquals("MESOS_HTTP", hc.path("protocol").asText(), id);
            assertEquals("/q/health/live", hc.path("path").asText(), id);
            assertTrue(hc.path("portIndex").asInt() < ports.size(), id);
            JsonNode rc = app.path("readinessChecks").get(0);
            assertEquals("/q/health/ready", rc.path("path").asText(), id);
            assertTrue(ports.toString().contains("\"name\":\"" + rc.path("portName").asText() + "\""), id);
            String httpPort = ConfigProperties.applicationProperties(service(app)).getProperty("quarkus.http.port");
            int port = ports.get(0).path("port").asInt();
            if (port == 0) {
                // A dynamic host port: the service must be told to listen on it.
                assertEquals("${PORT0}", app.path("env").path("QUARKUS_HTTP_PORT").asText(), id);
            } else {
                assertEquals(httpPort, String.valueOf(port), id + " listens on its application.properties port");
                assertTrue(app.path("requirePorts").asBoolean(), id + ": other apps name this port");
            }
        }
    }

    @Test
    void theEnvironmentSetsOnlyRealSettingsAndDeclaredSecrets() {
        for (JsonNode app : apps(group()).values()) {
            String id = app.path("id").asText();
            ConfigProperties props = ConfigProperties.of(service(app));
            String cmd = app.path("cmd").asText("");
            for (Iterator<Map.Entry<String, JsonNode>> it = app.path("env").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String var = e.getKey();
                JsonNode value = e.getValue();
                if (value.isObject()) {
                    assertTrue(app.path("secrets").has(value.path("secret").asText()), id + ": " + var + " names an undeclared secret");
                } else {
                    Matcher expr = EXPRESSION.matcher(value.asText());
                    while (expr.find()) {
                        assertTrue(TASK_ENVIRONMENT.contains(expr.group(1)), id + ": " + var + " uses ${" + expr.group(1) + "}");
                    }
                }
                if (var.startsWith("TRIBUTARY_") || var.startsWith("QUARKUS_")) {
                    assertTrue(props.acceptsEnv(var), id + ": " + var + " is no setting of " + service(app));
                } else if (!JVM_ENVIRONMENT.contains(var)) {
                    assertTrue(cmd.contains("$" + var + "\""), id + ": " + var + " is used by nothing");
                }
            }
            for (Iterator<String> it = app.path("secrets").fieldNames(); it.hasNext(); ) {
                String secret = it.next();
                assertTrue(app.path("env").toString().contains("{\"secret\":\"" + secret + "\"}"), id + ": secret " + secret + " unused");
            }
            // The image's entrypoint is replaced by cmd: it must still start the service.
            if (!cmd.isEmpty()) {
                assertTrue(cmd.endsWith("exec java -jar /deployments/quarkus-run.jar"), id);
            }
        }
    }

    @Test
    void namesAndPortsInTheConfigurationAreTheGroupsApps() {
        Map<String, JsonNode> apps = apps(group());
        Set<String> named = new TreeSet<>();
        for (JsonNode app : apps.values()) {
            for (JsonNode value : app.path("env")) {
                Matcher ref = MESOS_DNS.matcher(value.asText(""));
                while (ref.find()) {
                    JsonNode target = apps.get(GROUP + "/" + ref.group(1));
                    assertNotNull(target, app.path("id").asText() + ": " + value + " names no app of the group");
                    assertTrue(target.path("requirePorts").asBoolean(), value + ": the port must be fixed");
                    assertEquals(ref.group(2), target.path("portDefinitions").get(0).path("port").asText(), value.asText());
                    named.add(ref.group(1));
                    // What a task needs must be started first (auth's issuer URL names auth itself).
                    assertTrue(target == app || app.path("dependencies").toString().contains("\"" + GROUP + "/" + ref.group(1) + "\""),
                            app.path("id").asText() + " depends on " + ref.group(1));
                }
            }
            for (JsonNode dependency : app.path("dependencies")) {
                assertTrue(apps.containsKey(dependency.asText()), dependency.asText());
            }
        }
        assertEquals(Set.of("auth", "topology"), named);

        JsonNode topology = apps.get("/tributary/topology").path("env");
        JsonNode reader = apps.get("/tributary/journal-reader");
        assertEquals("http://leader.mesos:5050", topology.path("TRIBUTARY_TOPOLOGY_MESOS_URL").asText(), "the leading master (Mesos-DNS)");
        assertEquals(reader.path("portDefinitions").get(0).path("port").asText(),
                topology.path("TRIBUTARY_TOPOLOGY_MESOS_READER_PORT").asText());
        assertEquals("${HOST}:" + reader.path("portDefinitions").get(0).path("port").asText(),
                reader.path("env").path("TRIBUTARY_READER_ENDPOINT").asText(), "the endpoint topology derives");

        JsonNode query = apps.get("/tributary/log-query");
        JsonNode labels = query.path("labels");
        assertFalse(labels.path("DCOS_SERVICE_NAME").asText().isEmpty(), "Admin Router serves it under /service/<name>/");
        assertTrue(labels.path("DCOS_SERVICE_PORT_INDEX").asInt() < query.path("portDefinitions").size());
        assertEquals("true", labels.path("DCOS_SERVICE_REWRITE_REQUEST_URLS").asText(), "log-query sees /system/v1/logs/...");
    }

    @Test
    void serviceToServiceAuthIsWiredThroughAuthAndTheSecrets() {
        Map<String, JsonNode> apps = apps(group());
        JsonNode auth = apps.get("/tributary/auth");
        String issuer = auth.path("env").path("TRIBUTARY_AUTH_ISSUER_URL").asText();
        List<String> accounts = new ArrayList<>();
        for (JsonNode app : apps.values()) {
            if (app == auth) {
                continue;
            }
            JsonNode env = app.path("env");
            assertEquals(issuer, env.path("TRIBUTARY_SERVICE_AUTH_URL").asText(), app.path("id").asText());
            assertFalse(env.has("TRIBUTARY_SERVICE_AUTH_ENABLED"), "on by default, as in the services");
            if (env.has("TRIBUTARY_SERVICE_AUTH_ACCOUNT")) {
                accounts.add(env.path("TRIBUTARY_SERVICE_AUTH_ACCOUNT").asText());
                String keyFile = env.path("TRIBUTARY_SERVICE_AUTH_PRIVATE_KEY_FILE").asText();
                String file = keyFile.replace("${MESOS_SANDBOX}", "$MESOS_SANDBOX");
                assertTrue(app.path("cmd").asText().contains("> \"" + file + "\""), app.path("id").asText()
                        + ": cmd writes the key to " + keyFile);
            }
        }
        assertEquals(List.of("topology", "log-query"), accounts);
        String authCmd = auth.path("cmd").asText();
        assertTrue(authCmd.contains("> \"" + auth.path("env").path("TRIBUTARY_AUTH_ISSUER_KEY_FILE").asText()
                .replace("${MESOS_SANDBOX}", "$MESOS_SANDBOX") + "\""), "auth's cmd writes the issuer key");
        // The service accounts' public keys come with auth's configuration file, a secret written where Quarkus
        // reads it (./config/application.properties, cmd runs in the sandbox).
        assertTrue(authCmd.startsWith("cd \"$MESOS_SANDBOX\""), authCmd);
        assertTrue(authCmd.contains("> config/application.properties"), authCmd);
    }
}
