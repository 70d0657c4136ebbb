package io.tributary.serviceauth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A service account's token from services/auth, the DC/OS way: a short login JWT ({@code uid}, {@code exp})
 * signed with the account's private key is exchanged at {@code POST /acs/api/v1/auth/login} for a token. The token
 * is kept and exchanged again once 80% of its lifetime has passed (or when it is rejected: {@link #invalidate}).
 */
public final class ServiceTokenSource {

    private static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofMinutes(2);

    private final URI loginUrl;
    private final String uid;
    private final PrivateKey key;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    private String token;
    private long refreshAtMillis;
    private long expiresAtMillis;

    public ServiceTokenSource(String authUrl, String uid, PrivateKey key, Duration timeout) {
        this(URI.create(stripSlash(authUrl) + "/acs/api/v1/auth/login"), uid, key, timeout, Clock.systemUTC());
    }

    ServiceTokenSource(URI loginUrl, String uid, PrivateKey key, Duration timeout, Clock clock) {
        this.loginUrl = loginUrl;
        this.uid = uid;
        this.key = key;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The current token when one is fresh, else null (no I/O). */
    public synchronized String cached() {
        return token != null && clock.millis() < refreshAtMillis ? token : null;
    }

    /** A fresh token; logs in when needed (blocking, bounded by the timeout). */
    public synchronized String token() throws IOException {
        long now = clock.millis();
        if (token != null && now < refreshAtMillis) {
            return token;
        }
        try {
            login(now);
        } catch (IOException e) {
            if (token != null && now < expiresAtMillis) {
                return token; // auth briefly unreachable: the old token is still valid
            }
            throw e;
        }
        return token;
    }

    /** Forget the token (e.g. after a call was refused with UNAUTHENTICATED); the next use logs in again. */
    public synchronized void invalidate() {
        token = null;
    }

    public String uid() {
        return uid;
    }

    /** The login JWT for this account: {@code uid}, {@code exp} (2 minutes), signed with its private key. */
    public String loginToken() {
        JwtClaims c = new JwtClaims();
        c.setClaim("uid", uid);
        c.setSubject(uid);
        c.setIssuedAt(NumericDate.fromMilliseconds(clock.millis()));
        c.setExpirationTime(NumericDate.fromMilliseconds(clock.millis() + LOGIN_TOKEN_LIFETIME.toMillis()));
        c.setJwtId(UUID.randomUUID().toString());
        return Jwts.sign(c, key, null);
    }

    private void login(long now) throws IOException {
        String body = JsonUtil.toJson(Map.of("uid", uid, "token", loginToken()));
        HttpRequest req = HttpRequest.newBuilder(loginUrl).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while logging in to " + loginUrl, e);
        }
        if (resp.statusCode() != 200) {
            throw new IOException("login of service account '" + uid + "' at " + loginUrl + " failed: HTTP "
                    + resp.statusCode() + " " + resp.body());
        }
        try {
            Object t = JsonUtil.parseJson(resp.body()).get("token");
            if (!(t instanceof String s)) {
                throw new IOException("login answer without a token: " + resp.body());
            }
            long exp = Jwts.unverifiedClaims(s).getExpirationTime().getValueInMillis();
            this.token = s;
            this.expiresAtMillis = exp;
            this.refreshAtMillis = now + (long) ((exp - now) * 0.8);
        } catch (JoseException | io.grpc.StatusException | org.jose4j.jwt.MalformedClaimException | NullPointerException e) {
            throw new IOException("unreadable login answer from " + loginUrl + ": " + e.getMessage(), e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
