package io.tributary.reader.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.journal.v1.DescribeRequest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.serviceauth.Jwts;
import io.tributary.serviceauth.Pem;
import io.tributary.serviceauth.ServiceCallCredentials;
import io.tributary.serviceauth.ServiceTokenSource;
import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged reader with service auth on, next to a packaged auth service: only calls carrying a service token
 * minted by that auth are answered.
 */
class ServiceAuthIT {

    static AuthProcess auth;
    static ServiceProcess reader;
    static ManagedChannel channel;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        auth = AuthProcess.builder(Path.of("../auth"))
                .serviceAccount("log-query", "tributary:service")
                .serviceAccount("not-a-service", "logs:*")
                .logFile(Path.of("target/auth-for-reader.log")).start();
        Path dir = JournalFiles.writeNode(JournalGenerator.builder().entries(200).seed(5).build(), 0,
                Files.createTempDirectory("svc-auth"));
        port = ServiceProcess.freePort();
        reader = ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/reader-service-auth.log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.journal.directory", dir)
                .systemProperty("tributary.service-auth.enabled", "true")
                .systemProperty("tributary.service-auth.url", auth.url())
                .waitForPort(port).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (reader != null) {
            reader.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    static JournalReaderGrpc.JournalReaderBlockingStub stub(String authorization) {
        return stub(channel, authorization);
    }

    static JournalReaderGrpc.JournalReaderBlockingStub stub(ManagedChannel to, String authorization) {
        JournalReaderGrpc.JournalReaderBlockingStub s = JournalReaderGrpc.newBlockingStub(to)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        if (authorization == null) {
            return s;
        }
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        return s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    static Status.Code describeFails(String authorization) {
        return assertThrows(StatusRuntimeException.class,
                () -> stub(authorization).describe(DescribeRequest.getDefaultInstance())).getStatus().getCode();
    }

    static ServiceTokenSource account(String uid) throws Exception {
        return new ServiceTokenSource(auth.url(), uid, Pem.readPrivateKey(auth.privateKeyFile(uid)), Duration.ofSeconds(5));
    }

    @Test
    void anAnonymousCallIsRefused() {
        assertEquals(Status.Code.UNAUTHENTICATED, describeFails(null));
        // a stream too
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub(null).read(ReadRequest.getDefaultInstance()).hasNext());
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    }

    @Test
    void garbageAndForeignTokensAreRefused() throws Exception {
        assertEquals(Status.Code.UNAUTHENTICATED, describeFails("Bearer garbage"));
        assertEquals(Status.Code.UNAUTHENTICATED, describeFails("token=garbage"));
        assertEquals(Status.Code.UNAUTHENTICATED, describeFails("Basic YWRtaW46YWRtaW4="));
        // a well-formed service token signed by another key: once claiming auth as issuer, once another issuer
        for (String iss : List.of(auth.url(), "http://127.0.0.1:1/other-issuer")) {
            assertEquals(Status.Code.UNAUTHENTICATED, describeFails("Bearer " + foreignToken(iss)), iss);
        }
    }

    /** A service token with every claim right but signed by a key auth never had. */
    static String foreignToken(String issuer) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer);
        c.setSubject("intruder");
        c.setAudience("tributary");
        c.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + 600_000));
        c.setStringListClaim("permissions", "tributary:service");
        return Jwts.sign(c, g.generateKeyPair().getPrivate(), "foreign-kid");
    }

    @Test
    void aValidTokenWithoutTheServicePermissionIsDenied() throws Exception {
        assertEquals(Status.Code.PERMISSION_DENIED, describeFails("Bearer " + account("not-a-service").token()));
    }

    @Test
    void aServiceTokenIsAccepted() throws Exception {
        String token = account("log-query").token();
        assertFalse(stub("Bearer " + token).describe(DescribeRequest.getDefaultInstance()).getMachineId().isEmpty());
        assertFalse(stub("token=" + token).describe(DescribeRequest.getDefaultInstance()).getMachineId().isEmpty());
        // the library's call credentials, on a streaming call
        var it = JournalReaderGrpc.newBlockingStub(channel).withCallCredentials(new ServiceCallCredentials(account("log-query")))
                .withDeadlineAfter(10, TimeUnit.SECONDS).read(ReadRequest.newBuilder().setLimit(10).build());
        int entries = 0;
        while (it.hasNext()) {
            entries += it.next().getBatch().getEntriesCount();
        }
        assertEquals(10, entries);
    }

    @Test
    void reflectionAndHealthStayOpen() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
                new StreamObserver<>() {
                    public void onNext(ServerReflectionResponse r) {
                        answer.complete(r);
                    }

                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    public void onCompleted() {
                    }
                });
        req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        assertFalse(answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().isEmpty());
        req.onCompleted();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    /**
     * With auth's public key in a file (as the Kubernetes manifests give readers) a reader checks tokens without any
     * connection to auth: here its auth URL points nowhere, yet auth's service tokens pass and others do not.
     */
    @Test
    void withAuthsPublicKeyInAFileNoConnectionToAuthIsNeeded() throws Exception {
        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(auth.url() + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<JsonWebKey> keys = new JsonWebKeySet(jwks).getJsonWebKeys();
        assertEquals(1, keys.size(), jwks);
        Path keyFile = Files.createTempFile("issuer", ".pub.pem");
        Files.writeString(keyFile, AuthProcess.pem(((PublicJsonWebKey) keys.get(0)).getPublicKey()));
        Path dir = JournalFiles.writeNode(JournalGenerator.builder().entries(20).seed(6).build(), 0,
                Files.createTempDirectory("svc-auth-key"));
        int otherPort = ServiceProcess.freePort();
        try (ServiceProcess other = ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/reader-service-auth-key-file.log"))
                .systemProperty("quarkus.http.port", otherPort)
                .systemProperty("tributary.journal.directory", dir)
                .systemProperty("tributary.service-auth.enabled", "true")
                .systemProperty("tributary.service-auth.url", "http://127.0.0.1:1") // nobody there
                .systemProperty("tributary.service-auth.issuer", auth.url())
                .systemProperty("tributary.service-auth.issuer-public-key-file", keyFile)
                .waitForPort(otherPort).start()) {
            ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", otherPort).usePlaintext().build();
            try {
                assertFalse(stub(ch, "Bearer " + account("log-query").token()).describe(DescribeRequest.getDefaultInstance())
                        .getMachineId().isEmpty());
                var stranger = stub(ch, "Bearer " + account("not-a-service").token());
                assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class,
                        () -> stranger.describe(DescribeRequest.getDefaultInstance())).getStatus().getCode());
                for (String authorization : new String[] {"Bearer " + foreignToken(auth.url()), "Bearer garbage", null}) {
                    var s = stub(ch, authorization);
                    assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class,
                            () -> s.describe(DescribeRequest.getDefaultInstance())).getStatus().getCode(), authorization);
                }
            } finally {
                ch.shutdownNow();
            }
        }
    }
}
