package io.tributary.topology.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP to a Mesos master with the JDK client. Redirects are followed here, not by the client: a non-leading master
 * answers 307 with a scheme-relative {@code Location: //leader:5050/api/v1}, and the POST body must be sent again.
 */
public final class MesosMaster {

    private static final int MAX_REDIRECTS = 5;

    /** The master does not offer the v1 operator API (old Mesos): use /master/state instead. */
    public static final class NoV1Api extends IOException {
        NoV1Api(String message) {
            super(message);
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;

    public MesosMaster(String url, Duration requestTimeout) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code POST /api/v1 {"type":"SUBSCRIBE"}}: the RecordIO event stream (no timeout: it lives as long as we read). */
    public InputStream subscribe() throws IOException {
        HttpResponse<InputStream> r = send(base.resolve("api/v1"), true, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 200) {
            return r.body();
        }
        String body = new String(r.body().readNBytes(512), java.nio.charset.StandardCharsets.UTF_8);
        r.body().close();
        if (r.statusCode() == 404 || r.statusCode() == 405 || r.statusCode() == 501) {
            throw new NoV1Api("SUBSCRIBE: HTTP " + r.statusCode() + " " + body.strip());
        }
        throw new IOException("SUBSCRIBE: HTTP " + r.statusCode() + " " + body.strip());
    }

    /** {@code GET /master/state}. */
    public byte[] state() throws IOException {
        HttpResponse<byte[]> r = send(base.resolve("master/state"), false, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET /master/state: HTTP " + r.statusCode());
        }
        return r.body();
    }

    private <T> HttpResponse<T> send(URI uri, boolean subscribe, HttpResponse.BodyHandler<T> handler) throws IOException {
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri);
            if (subscribe) {
                req.header("Content-Type", "application/json").header("Accept", "application/recordio")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"SUBSCRIBE\"}"));
            } else {
                req.timeout(requestTimeout).header("Accept", "application/json").GET();
            }
            HttpResponse<T> r;
            try {
                r = http.send(req.build(), handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int code = r.statusCode();
            if (code != 307 && code != 301 && code != 302 && code != 308) {
                return r;
            }
            URI from = uri;
            String location = r.headers().firstValue("Location")
                    .orElseThrow(() -> new IOException("HTTP " + code + " from " + from + " without Location"));
            if (r.body() instanceof InputStream in) {
                in.close();
            }
            uri = uri.resolve(location);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + base);
    }
}
