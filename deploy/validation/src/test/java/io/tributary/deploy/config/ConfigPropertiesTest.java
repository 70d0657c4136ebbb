package io.tributary.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The property names read from the services' @ConfigMapping interfaces, and the README's configuration tables
 * ("Configuration of every service") kept in sync with them: every property of every service is in its table, and
 * every name in a table is a real property of that service.
 */
class ConfigPropertiesTest {

    static final List<String> SERVICES = List.of("journal-reader", "topology", "auth", "log-query");

    @Test
    void theReadmeDocumentsEveryPropertyOfEveryService() {
        Map<String, List<String>> missing = new TreeMap<>();
        for (String service : SERVICES) {
            List<String> documented = ReadmeConfigTable.of(service);
            List<String> m = ConfigProperties.of(service).names().stream()
                    .filter(n -> !n.startsWith("quarkus.")) // "each service also takes quarkus.http.port"
                    .filter(n -> documented.stream().noneMatch(d -> ReadmeConfigTable.covers(d, n)))
                    .toList();
            if (!m.isEmpty()) {
                missing.put(service, m);
            }
        }
        assertEquals(Map.of(), missing, "properties missing from the README's configuration tables");
    }

    @Test
    void everyNameInTheReadmesTablesIsARealProperty() {
        Map<String, List<String>> invented = new TreeMap<>();
        for (String service : SERVICES) {
            ConfigProperties props = ConfigProperties.of(service);
            List<String> i = ReadmeConfigTable.of(service).stream()
                    .filter(d -> props.names().stream().noneMatch(n -> ReadmeConfigTable.covers(d, n)))
                    .toList();
            if (!i.isEmpty()) {
                invented.put(service, i);
            }
        }
        assertEquals(Map.of(), invented, "documented in the README but not a property of the service");
    }

    @Test
    void readmeRowsExpandAsWritten() {
        assertEquals(List.of("tributary.reader.tail-ring-entries", "tributary.reader.tail-ring-bytes"),
                ReadmeConfigTable.names("`tributary.reader.tail-ring-entries` / `tail-ring-bytes`"));
        assertEquals(List.of("tributary.auth.oidc.*.roles.*"),
                ReadmeConfigTable.names("`tributary.auth.oidc.<name>.roles.\"<role>\"`"));
        assertTrue(ReadmeConfigTable.covers("tributary.service-auth.*", "tributary.service-auth.url"));
        assertFalse(ReadmeConfigTable.covers("tributary.service-auth.*", "tributary.query.topology"));
        assertTrue(ReadmeConfigTable.of("topology").contains("tributary.topology.dns.interval"));
    }

    @Test
    void topologyHasItsOwnAndTheServiceAuthLibrarysSettings() {
        ConfigProperties topology = ConfigProperties.of("topology");
        assertTrue(topology.names().contains("tributary.topology.readers"));
        assertTrue(topology.names().contains("tributary.topology.dns.name"));
        assertTrue(topology.names().contains("tributary.topology.mesos.reader-port"));
        assertTrue(topology.names().contains("tributary.service-auth.private-key-file"));
        assertTrue(topology.acceptsEnv("TRIBUTARY_TOPOLOGY_DNS_NAME"));
        assertTrue(topology.acceptsEnv("TRIBUTARY_TOPOLOGY_MESOS_MAX_RECORD_SIZE"));
        assertFalse(topology.acceptsEnv("TRIBUTARY_TOPOLOGY_DNS_NAMES"));
        assertFalse(topology.acceptsEnv("TRIBUTARY_TOPOLOGY_DNS"), "a group is not a setting");
        assertFalse(topology.acceptsEnv("TRIBUTARY_QUERY_TOPOLOGY"), "another service's setting");
        // Default methods compute values; they are not settings.
        assertFalse(topology.names().contains("tributary.service-auth.effective-jwks-url"));
    }

    @Test
    void logQueryHasItsNestedGroupAndOnlyTheClientHalfOfServiceAuth() {
        ConfigProperties query = ConfigProperties.of("log-query");
        assertTrue(query.acceptsEnv("TRIBUTARY_QUERY_AUTH_URL"));
        assertTrue(query.acceptsEnv("TRIBUTARY_QUERY_TOPOLOGY"));
        assertTrue(query.acceptsEnv("TRIBUTARY_SERVICE_AUTH_ACCOUNT"));
        assertTrue(query.acceptsEnv("TRIBUTARY_COMPAT_DCOS_LOCAL_NODE"));
        assertFalse(query.acceptsEnv("TRIBUTARY_SERVICE_AUTH_JWKS_URL"), "log-query does not index the library");
        assertTrue(query.acceptsEnv("QUARKUS_HTTP_PORT"));
        assertFalse(query.acceptsEnv("QUARKUS_HTTP_PORTS"));
    }

    @Test
    void authsMapsTakeAnyKeyAndWithNameIsHonoured() {
        ConfigProperties auth = ConfigProperties.of("auth");
        assertTrue(auth.names().contains("tributary.auth.service-accounts.*.public-key-file"));
        assertTrue(auth.names().contains("tributary.auth.oidc.*.roles.*"));
        assertTrue(auth.acceptsProperty("tributary.auth.service-accounts.log-query.public-key-file"));
        assertTrue(auth.acceptsProperty("tributary.auth.oidc.keycloak.roles.\"group:/devs\""));
        assertTrue(auth.acceptsProperty("tributary.auth.issuer.key-file"));
        assertFalse(auth.acceptsProperty("tributary.auth.service-account.topology.public-key-file"));
        assertFalse(auth.acceptsProperty("tributary.auth.oidc.keycloak.role.admin"));
        assertTrue(auth.acceptsEnv("TRIBUTARY_AUTH_BOOTSTRAP_ADMIN_PASSWORD"));
    }

    @Test
    void theReadersJournalAndReaderGroups() {
        ConfigProperties reader = ConfigProperties.of("journal-reader");
        assertTrue(reader.acceptsEnv("TRIBUTARY_JOURNAL_DIRECTORY"));
        assertTrue(reader.acceptsEnv("TRIBUTARY_READER_NODE_NAME"));
        assertTrue(reader.acceptsEnv("TRIBUTARY_SERVICE_AUTH_URL"));
        assertFalse(reader.acceptsEnv("TRIBUTARY_READER_NODENAME"));
    }

    @Test
    void kebabCaseIsSmallRyes() {
        assertEquals("max-record-size", ConfigProperties.kebab("maxRecordSize"));
        assertEquals("url", ConfigProperties.kebab("url"));
        assertThrows(IllegalArgumentException.class, () -> ConfigProperties.of("no-such-service"));
    }
}
