package io.tributary.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.tributary.proto.auth.v1.Principal;
import io.tributary.proto.auth.v1.Scope;
import io.tributary.proto.auth.v1.Target;
import io.tributary.serviceauth.Jwts;
import io.tributary.serviceauth.Pem;
import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.KeycloakProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged auth trusting a real Keycloak realm (started once for this class, ~60 s the first time) and its own
 * embedded issuer: grants, roles → permissions, expiry, key rotation, the hostile-token matrix and the
 * permission cases.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakIT {

    static KeycloakProcess keycloak;
    static AuthProcess auth;
    static Authz client;
    static String realmIssuer;

    @BeforeAll
    static void start() throws Exception {
        keycloak = new KeycloakProcess(List.of(Path.of("src/test/resources/keycloak/tributary-realm.json"),
                Path.of("src/test/resources/keycloak/untrusted-realm.json")));
        realmIssuer = keycloak.issuer("tributary");
        auth = AuthProcess.builder(Path.of("."))
                .property("tributary.auth.clock-skew", "1s")
                .property("tributary.auth.oidc.keycloak.issuer", realmIssuer)
                .property("tributary.auth.oidc.keycloak.audiences", "tributary-api,short-lived")
                .property("tributary.auth.oidc.keycloak.roles.ops", "logs:*")
                .property("tributary.auth.oidc.keycloak.roles.system-reader", "logs:system:read")
                .property("tributary.auth.oidc.keycloak.roles.\"tributary-api/dev-apps\"", "logs:task:read:app:/dev")
                .property("tributary.auth.oidc.keycloak.roles.\"group:/auditors\"", "logs:system:read")
                .logFile(Path.of("target/auth-keycloak.log")).start();
        client = new Authz(auth.url(), auth.port());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (auth != null) {
            auth.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    static String user(String name) throws Exception {
        return keycloak.password("tributary", "tributary-api", "api-secret", name);
    }

    static Scope scope(String token) {
        return client.authorize("Bearer " + token, Target.getDefaultInstance()).getScope();
    }

    static final Scope ALL = Scope.newBuilder().setSystem(true).setAllTasks(true).build();
    static final Scope SYSTEM = Scope.newBuilder().setSystem(true).build();

    @Test
    @Order(1)
    void passwordGrantAndRolesToPermissions() throws Exception {
        Principal alice = client.authenticate("Bearer " + user("alice"));
        assertEquals("alice", alice.getName());
        assertEquals(realmIssuer, alice.getIssuer());
        assertEquals(List.of("logs:*"), alice.getPermissionsList());
        assertEquals(ALL, scope(user("alice")));
        assertEquals(SYSTEM, scope(user("sam")));                                       // realm role, mapped
        assertEquals(Scope.newBuilder().addFrameworkIds("fw-1").build(), scope(user("fred"))); // role named as a permission
        assertEquals(Scope.newBuilder().addAppIdPrefixes("/dev").build(), scope(user("dave"))); // client role
        assertEquals(SYSTEM, scope(user("gina")));                                      // group
        assertEquals(List.of(), client.authenticate("token=" + user("nobody")).getPermissionsList());
    }

    @Test
    @Order(2)
    void clientCredentialsGrant() throws Exception {
        String token = keycloak.token("tributary", Map.of("grant_type", "client_credentials",
                "client_id", "tributary-api", "client_secret", "api-secret"));
        Principal p = client.authenticate("Bearer " + token);
        assertEquals("service-account-tributary-api", p.getName());
        assertEquals(List.of("logs:system:read"), p.getPermissionsList());
    }

    @Test
    @Order(3)
    void permissionCases() throws Exception {
        Target fw1 = Target.newBuilder().setFrameworkId("fw-1").build();
        Target fw2 = Target.newBuilder().setFrameworkId("fw-2").build();
        Target system = Target.newBuilder().setSystemOnly(true).build();
        // system-only user: task logs of a framework denied, naming the permission
        Status s = client.authorizeFails("Bearer " + user("sam"), fw1);
        assertEquals(Status.Code.PERMISSION_DENIED, s.getCode());
        assertTrue(s.getDescription().contains("logs:task:read:framework:fw-1"), s.getDescription());
        // framework-scoped user: another framework and system logs denied, its own allowed
        String fred = "Bearer " + user("fred");
        assertEquals(Status.Code.PERMISSION_DENIED, client.authorizeFails(fred, fw2).getCode());
        assertTrue(client.authorizeFails(fred, system).getDescription().contains("logs:system:read"));
        assertEquals(Scope.newBuilder().addFrameworkIds("fw-1").build(), client.authorize(fred, fw1).getScope());
        // app prefixes by path segment
        String dave = "Bearer " + user("dave");
        assertEquals(Scope.newBuilder().addAppIdPrefixes("/dev/web").build(),
                client.authorize(dave, Target.newBuilder().setAppId("/dev/web").build()).getScope());
        Status devops = client.authorizeFails(dave, Target.newBuilder().setAppId("/devops").build());
        assertEquals(Status.Code.PERMISSION_DENIED, devops.getCode());
        assertTrue(devops.getDescription().contains("logs:task:read:app:/devops"));
        // no permission at all
        assertEquals(Status.Code.PERMISSION_DENIED, client.authorizeFails("Bearer " + user("nobody"), Target.getDefaultInstance()).getCode());
    }

    @Test
    @Order(4)
    void hostileTokensAreUnauthenticated() throws Exception {
        String alice = user("alice");
        String[] parts = alice.split("\\.");
        client.assertUnauthenticated("", "no token");
        client.assertUnauthenticated("Bearer ", "empty bearer");
        client.assertUnauthenticated("Bearer not-a-jwt", "malformed");
        client.assertUnauthenticated("Bearer a.b.c", "malformed, three parts");
        client.assertUnauthenticated("token=garbage", "DC/OS token= with garbage");
        client.assertUnauthenticated("Basic YWxpY2U6YWxpY2U=", "another scheme");
        // wrong audience: a token Keycloak issued to another client of the trusted realm
        client.assertUnauthenticated("Bearer " + keycloak.password("tributary", "other-client", "other-secret", "alice"),
                "wrong audience");
        // a token from an untrusted realm of the same Keycloak
        client.assertUnauthenticated("Bearer " + keycloak.password("untrusted", "tributary-api", "api-secret", "alice"),
                "untrusted realm");
        // bad signature: the payload changed (alice's claims with another subject), signature kept
        JwtClaims changed = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        changed.setSubject("someone-else");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(changed.toJson().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        client.assertUnauthenticated("Bearer " + tampered, "bad signature");
        // alg none
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        client.assertUnauthenticated("Bearer " + none + "." + parts[1] + ".", "alg none");
        // HS256 with the realm's public key as the HMAC secret (DER bytes and PEM text), with the real kid
        String kid = JsonWebStructure.fromCompactSerialization(alice).getKeyIdHeaderValue();
        PublicKey realmKey = realmKey(kid);
        for (byte[] secret : List.of(realmKey.getEncoded(), Pem.encode(realmKey).getBytes(StandardCharsets.US_ASCII))) {
            JsonWebSignature hs = new JsonWebSignature();
            hs.setPayload(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            hs.setKeyIdHeaderValue(kid);
            hs.setKey(new HmacKey(secret));
            hs.setDoKeyValidation(false);
            client.assertUnauthenticated("Bearer " + hs.getCompactSerialization(), "HS256 with the public key");
        }
        // forged with auth's own (valid) key: wrong issuer, wrong audience, not yet valid, expired
        PrivateKey embedded = Pem.readPrivateKey(auth.stateDir().resolve("issuer-key.pem"));
        long now = System.currentTimeMillis();
        client.assertUnauthenticated("Bearer " + embeddedToken(embedded, realmIssuer, "tributary", now, now + 600_000),
                "wrong issuer (auth's key claiming to be Keycloak)");
        client.assertUnauthenticated("Bearer " + embeddedToken(embedded, "http://127.0.0.1:1/other", "tributary", now, now + 600_000),
                "unknown issuer");
        client.assertUnauthenticated("Bearer " + embeddedToken(embedded, auth.url(), "someone-else", now, now + 600_000),
                "wrong audience (embedded)");
        client.assertUnauthenticated("Bearer " + embeddedToken(embedded, auth.url(), "tributary", now + 3_600_000, now + 7_200_000),
                "not yet valid");
        client.assertUnauthenticated("Bearer " + embeddedToken(embedded, auth.url(), "tributary", now - 7_200_000, now - 3_600_000),
                "expired (embedded)");
        // the same key signing a valid token is accepted: the cases above fail for their claims, not the key
        assertEquals("admin", client.authenticate("Bearer " + embeddedToken(embedded, auth.url(), "tributary", now, now + 600_000)).getSubject());
    }

    @Test
    @Order(5)
    void anExpiredKeycloakTokenIsRefused() throws Exception {
        String token = keycloak.password("tributary", "short-lived", "short-secret", "alice"); // lives 2 s
        JwtClaims c = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        long exp = c.getExpirationTime().getValueInMillis();
        if (System.currentTimeMillis() < exp - 200) {
            assertEquals("alice", client.authenticate("Bearer " + token).getName()); // valid (and cached) at first
        }
        Thread.sleep(Math.max(0, exp - System.currentTimeMillis()) + 2_500); // past exp + 1 s skew
        Status s = client.authorizeFails("Bearer " + token, Target.getDefaultInstance());
        assertEquals(Status.Code.UNAUTHENTICATED, s.getCode());
        assertTrue(s.getDescription().contains("expired"), s.getDescription());
    }

    @Test
    @Order(6)
    void aRotatedRealmKeyIsAcceptedWithoutRestart() throws Exception {
        String before = user("alice");
        assertEquals(ALL, scope(before)); // auth has the current key cached
        String realmId = (String) Authz.parse(keycloak.admin("GET", "/realms/tributary", null)).get("id");
        keycloak.admin("POST", "/realms/tributary/components", "{\"name\":\"rotated\",\"providerId\":\"rsa-generated\","
                + "\"providerType\":\"org.keycloak.keys.KeyProvider\",\"parentId\":\"" + realmId + "\","
                + "\"config\":{\"priority\":[\"500\"],\"keySize\":[\"2048\"],\"active\":[\"true\"],\"enabled\":[\"true\"]}}");
        String after = user("alice");
        String oldKid = JsonWebStructure.fromCompactSerialization(before).getKeyIdHeaderValue();
        String newKid = JsonWebStructure.fromCompactSerialization(after).getKeyIdHeaderValue();
        assertNotEquals(oldKid, newKid, "Keycloak signs with the new key");
        assertEquals(ALL, scope(after));
        assertEquals("alice", client.authenticate("Bearer " + before).getName()); // the old key is still published
    }

    static String embeddedToken(PrivateKey key, String iss, String aud, long nbf, long exp) {
        JwtClaims c = new JwtClaims();
        c.setIssuer(iss);
        c.setSubject("admin");
        c.setClaim("uid", "admin");
        c.setAudience(aud);
        c.setNotBefore(NumericDate.fromMilliseconds(nbf));
        c.setIssuedAt(NumericDate.fromMilliseconds(nbf));
        c.setExpirationTime(NumericDate.fromMilliseconds(exp));
        String kid = null;
        try {
            Map<String, Object> jwks = client.get("/.well-known/jwks.json");
            kid = (String) ((List<Map<String, Object>>) jwks.get("keys")).get(0).get("kid");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return Jwts.sign(c, key, kid);
    }

    static PublicKey realmKey(String kid) throws Exception {
        Map<String, Object> doc = Authz.parse(keycloak.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(realmIssuer + "/protocol/openid-connect/certs")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        JsonWebKeySet set = new JsonWebKeySet(org.jose4j.json.JsonUtil.toJson(doc));
        for (JsonWebKey k : set.getJsonWebKeys()) {
            if (kid.equals(k.getKeyId())) {
                return ((PublicJsonWebKey) k).getPublicKey();
            }
        }
        throw new AssertionError("no realm key " + kid);
    }
}
