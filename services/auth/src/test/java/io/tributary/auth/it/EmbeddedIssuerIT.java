package io.tributary.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.auth.issuer.PasswordHash;
import io.tributary.proto.auth.v1.LoginRequest;
import io.tributary.proto.auth.v1.Principal;
import io.tributary.proto.auth.v1.Scope;
import io.tributary.proto.auth.v1.Target;
import io.tributary.serviceauth.Pem;
import io.tributary.serviceauth.ServiceTokenSource;
import io.tributary.testkit.AuthProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged auth with only its embedded issuer: logins, the bootstrap admin, the published keys. */
class EmbeddedIssuerIT {

    static AuthProcess auth;
    static Authz client;

    @BeforeAll
    static void start() throws Exception {
        auth = AuthProcess.builder(Path.of("."))
                .property("tributary.auth.users.sam.password-hash", PasswordHash.hash("sam-pw".toCharArray(), 10_000))
                .property("tributary.auth.users.sam.permissions", "logs:system:read")
                .serviceAccount("svc", "tributary:service")
                .logFile(Path.of("target/auth-embedded.log")).start();
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
    }

    static String login(String json) throws Exception {
        Map.Entry<Integer, Map<String, Object>> r = client.post("/acs/api/v1/auth/login", json);
        assertEquals(200, r.getKey(), String.valueOf(r.getValue()));
        return (String) r.getValue().get("token");
    }

    static void loginRefused(String json, int status) throws Exception {
        Map.Entry<Integer, Map<String, Object>> r = client.post("/acs/api/v1/auth/login", json);
        assertEquals(status, r.getKey(), String.valueOf(r.getValue()));
        assertTrue(r.getValue().containsKey("error") && r.getValue().containsKey("detail"), String.valueOf(r.getValue()));
    }

    @Test
    void passwordLogin() throws Exception {
        String token = login("{\"uid\":\"sam\",\"password\":\"sam-pw\"}");
        Principal p = client.authenticate("token=" + token);
        assertEquals("sam", p.getSubject());
        assertEquals(auth.url(), p.getIssuer());
        assertEquals(List.of("logs:system:read"), p.getPermissionsList());
        assertEquals(Scope.newBuilder().setSystem(true).build(),
                client.authorize("Bearer " + token, Target.getDefaultInstance()).getScope());
        // the gRPC Login gives the same kind of token
        String viaGrpc = client.stub().login(LoginRequest.newBuilder().setUid("sam").setPassword("sam-pw").build()).getToken();
        assertEquals("sam", client.authenticate("Bearer " + viaGrpc).getSubject());
    }

    @Test
    void wrongPasswordUnknownUidAndBadBodiesAreRefused() throws Exception {
        loginRefused("{\"uid\":\"sam\",\"password\":\"wrong\"}", 401);
        loginRefused("{\"uid\":\"nobody\",\"password\":\"sam-pw\"}", 401);
        loginRefused("{\"uid\":\"sam\"}", 401);
        loginRefused("{\"uid\":", 400);
        loginRefused("[1,2]", 400);
    }

    @Test
    void serviceAccountLoginWithALoginToken() throws Exception {
        ServiceTokenSource svc = new ServiceTokenSource(auth.url(), "svc", Pem.readPrivateKey(auth.privateKeyFile("svc")),
                Duration.ofSeconds(5));
        String token = login(JsonUtil.toJson(Map.of("uid", "svc", "token", svc.loginToken())));
        assertEquals(List.of("tributary:service"), client.authenticate("Bearer " + token).getPermissionsList());
        assertEquals(token.length() > 0, true);
        // signed by a key that is not the registered one
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        ServiceTokenSource impostor = new ServiceTokenSource(auth.url(), "svc", g.generateKeyPair().getPrivate(), Duration.ofSeconds(5));
        loginRefused(JsonUtil.toJson(Map.of("uid", "svc", "token", impostor.loginToken())), 401);
        // a login token of one account presented for another uid
        loginRefused(JsonUtil.toJson(Map.of("uid", "sam", "token", svc.loginToken())), 401);
        loginRefused(JsonUtil.toJson(Map.of("uid", "svc", "token", "garbage")), 401);
    }

    @Test
    void theJwksVerifiesTokensOutsideAuth() throws Exception {
        Map<String, Object> discovery = client.get("/.well-known/openid-configuration");
        assertEquals(auth.url(), discovery.get("issuer"));
        String jwksPath = ((String) discovery.get("jwks_uri")).substring(auth.url().length());
        JsonWebKeySet jwks = new JsonWebKeySet(JsonUtil.toJson(client.get(jwksPath)));
        assertFalse(jwks.getJsonWebKeys().get(0).toJson().contains("\"d\""), "no private parts");
        String token = login("{\"uid\":\"sam\",\"password\":\"sam-pw\"}");
        JwtClaims claims = new JwtConsumerBuilder().setExpectedIssuer(auth.url()).setExpectedAudience("tributary")
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys())).build()
                .processToClaims(token);
        assertEquals("sam", claims.getSubject());
        assertEquals("sam", claims.getClaimValue("uid"));
    }

    @Test
    void theBootstrapAdminPasswordIsGeneratedOnceStoredOwnerOnlyAndKept() throws Exception {
        Path file = auth.stateDir().resolve("bootstrap-admin-password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auth.stateDir().resolve("issuer-key.pem"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auth.stateDir())));
        String password = Files.readString(file).strip();
        String log = Files.readString(auth.process().logFile());
        assertTrue(log.contains("password: " + password), "printed at first start");
        String admin = login(JsonUtil.toJson(Map.of("uid", "admin", "password", password)));
        assertEquals(Scope.newBuilder().setSystem(true).setAllTasks(true).build(),
                client.authorize("Bearer " + admin, Target.getDefaultInstance()).getScope());
        String kid = (String) ((List<Map<String, Object>>) client.get("/.well-known/jwks.json").get("keys")).get(0).get("kid");

        // a second start on the same state directory: same password, same key, nothing printed
        try (AuthProcess again = AuthProcess.builder(Path.of(".")).stateDir(auth.stateDir())
                .logFile(Path.of("target/auth-embedded-restart.log")).start();
             Authz c2 = new Authz(again.url(), again.port())) {
            assertEquals(200, c2.post("/acs/api/v1/auth/login", JsonUtil.toJson(Map.of("uid", "admin", "password", password))).getKey());
            assertEquals(kid, ((List<Map<String, Object>>) c2.get("/.well-known/jwks.json").get("keys")).get(0).get("kid"));
            assertFalse(Files.readString(again.process().logFile()).contains("bootstrap admin created"));
        }
    }

    @Test
    void theBootstrapAdminPasswordCanComeFromTheEnvironment() throws Exception {
        try (AuthProcess chosen = AuthProcess.builder(Path.of("."))
                .environment("TRIBUTARY_AUTH_BOOTSTRAP_ADMIN_PASSWORD", "chosen-pw")
                .logFile(Path.of("target/auth-embedded-env.log")).start();
             Authz c = new Authz(chosen.url(), chosen.port())) {
            assertEquals(200, c.post("/acs/api/v1/auth/login", "{\"uid\":\"admin\",\"password\":\"chosen-pw\"}").getKey());
            assertFalse(Files.exists(chosen.stateDir().resolve("bootstrap-admin-password")));
        }
    }
}
