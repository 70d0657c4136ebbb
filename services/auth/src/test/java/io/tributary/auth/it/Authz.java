package io.tributary.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.auth.v1.AuthenticateRequest;
import io.tributary.proto.auth.v1.AuthorizeRequest;
import io.tributary.proto.auth.v1.AuthorizeResponse;
import io.tributary.proto.auth.v1.AuthorizerGrpc;
import io.tributary.proto.auth.v1.Credentials;
import io.tributary.proto.auth.v1.Principal;
import io.tributary.proto.auth.v1.Target;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** A client of one auth process: gRPC Authorizer and HTTP, with assertion helpers. */
final class Authz implements AutoCloseable {

    final String url;
    final ManagedChannel channel;
    final HttpClient http = HttpClient.newHttpClient();

    Authz(String url, int port) {
        this.url = url;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    AuthorizerGrpc.AuthorizerBlockingStub stub() {
        return AuthorizerGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    Principal authenticate(String authorization) {
        return stub().authenticate(AuthenticateRequest.newBuilder()
                .setCredentials(Credentials.newBuilder().setAuthorization(authorization)).build());
    }

    AuthorizeResponse authorize(String authorization, Target target) {
        return stub().authorize(AuthorizeRequest.newBuilder()
                .setCredentials(Credentials.newBuilder().setAuthorization(authorization)).setTarget(target).build());
    }

    Status authorizeFails(String authorization, Target target) {
        return assertThrows(StatusRuntimeException.class, () -> authorize(authorization, target)).getStatus();
    }

    void assertUnauthenticated(String authorization, String what) {
        Status s = assertThrows(StatusRuntimeException.class, () -> authenticate(authorization), what).getStatus();
        assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), what + ": " + s);
        Status s2 = authorizeFails(authorization, Target.getDefaultInstance());
        assertEquals(Status.Code.UNAUTHENTICATED, s2.getCode(), what + " (Authorize): " + s2);
    }

    /** POST a JSON body; returns status code and parsed JSON. */
    Map.Entry<Integer, Map<String, Object>> post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Map.entry(r.statusCode(), parse(r.body()));
    }

    Map<String, Object> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return parse(r.body());
    }

    static Map<String, Object> parse(String body) {
        try {
            return JsonUtil.parseJson(body);
        } catch (JoseException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
