package io.tributary.deploy.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.deploy.Repo;
import io.tributary.deploy.config.ConfigProperties;
import io.tributary.deploy.k8s.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image definitions (services/&lt;service&gt;/src/main/docker/Dockerfile.jvm) agree with the packaged application
 * and the deployments. No image is built here (no Docker): this reads the files, it does not run them.
 */
class ImageDefinitionsTest {

    private static final Pattern INSTRUCTION = Pattern.compile("^([A-Z]+)\\s+(.*)$", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"auth", "journal-reader", "topology", "log-query"})
    void eachServiceHasAJvmImageRunningItsQuarkusAppAsANonRootUser(String service) throws IOException {
        String dockerfile = Files.readString(Repo.path("services/" + service + "/src/main/docker/Dockerfile.jvm"));
        List<String> instructions = new ArrayList<>();
        Matcher m = INSTRUCTION.matcher(dockerfile);
        while (m.find()) {
            instructions.add(m.group(1) + " " + m.group(2).trim());
        }
        // Quarkus' fast-jar layout, as target/quarkus-app holds it.
        for (String dir : List.of("lib/", "app/", "quarkus/")) {
            assertTrue(instructions.contains("COPY target/quarkus-app/" + dir + " /deployments/" + dir), service + " copies " + dir);
        }
        assertTrue(instructions.contains("COPY target/quarkus-app/*.jar /deployments/"), service);
        assertTrue(instructions.contains("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]"), service);
        assertTrue(instructions.contains("WORKDIR /deployments"), service);
        String port = ConfigProperties.applicationProperties(service).getProperty("quarkus.http.port");
        assertTrue(instructions.contains("EXPOSE " + port), service + " exposes " + port);
        String user = instructions.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertEquals("USER 185", user, service + " runs as its own user, not root");
        // The user exists in the image, and Kubernetes runs the same uid.
        assertTrue(dockerfile.contains("useradd --system --uid 185"), service);
        Manifests k8s = Manifests.render("deploy/k8s/base");
        assertEquals(185, Manifests.podSpec(k8s.workloadOf(service)).path("securityContext").path("runAsUser").asInt(), service);
    }

    @Test
    void theReaderImageHasLibsystemdAndTheJournalGroup() throws IOException {
        String service = "journal-reader";
        String dockerfile = Files.readString(Repo.path("services/" + service + "/src/main/docker/Dockerfile.jvm"));
        assertTrue(dockerfile.contains(" libsystemd0"), "the reader calls libsystemd");
        assertTrue(dockerfile.contains("groupadd --system --gid \"$JOURNAL_GID\" systemd-journal"), "the journal group");
        assertTrue(dockerfile.contains("--groups systemd-journal"), "the user is in it");
        Matcher gid = Pattern.compile("ARG JOURNAL_GID=(\\d+)").matcher(dockerfile);
        assertTrue(gid.find());
        // The same default gid as the DaemonSet's supplemental group.
        Manifests k8s = Manifests.render("deploy/k8s/base");
        assertEquals(Integer.parseInt(gid.group(1)), Manifests.podSpec(k8s.workloadOf(service))
                .path("securityContext").path("supplementalGroups").get(0).asInt());
    }
}
