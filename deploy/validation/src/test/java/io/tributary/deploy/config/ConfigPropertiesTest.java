package io.tributary.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The property names read from the services' @ConfigMapping interfaces are the ones the README documents. */
class ConfigPropertiesTest {

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
