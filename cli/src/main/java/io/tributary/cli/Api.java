package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;


/**
 * log-query's public HTTP API, nothing else. Every non-2xx answer becomes a {@link CliException} with the server's
 * own {@code detail} and the exit code for its status; a connection failure or 502/503/504 becomes
 * {@link CliException.Unreachable} (a follow retries those).
 */
public final class Api {

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Api(String url, String token) {
        this.url = url;
        this.token = token;
    }

    public String url() {
        return url;
    }

    /** A query string from name/value pairs (each value URL-encoded). */
    public static String query(List<String[]> params) {
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            sb.append(sb.length() == 0 ? '?' : '&').append(p[0]).append('=')
                    .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** GET, the body as a stream (the caller closes it); headers are name, value pairs. */
    public InputStream stream(String pathAndQuery, String accept, String... headers) {
        HttpRequest.Builder r = request(pathAndQuery).header("Accept", accept).GET();
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> resp = send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() / 100 != 2) {
            byte[] body;
            try (InputStream in = resp.body()) {
                body = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                body = new byte[0];
            }
            throw failure(resp.statusCode(), new String(body, StandardCharsets.UTF_8));
        }
        return resp.body();
    }

    /** GET a JSON answer. */
    public JsonNode json(String pathAndQuery) {
        return parse(string(pathAndQuery));
    }

    /** GET the raw JSON text. */
    public String string(String pathAndQuery) {
        HttpResponse<String> resp = send(request(pathAndQuery).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() / 100 != 2) {
            throw failure(resp.statusCode(), resp.body());
        }
        return resp.body();
    }

    /** POST a JSON body, without the token (the login). */
    public JsonNode postJson(String path, Object body) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Config.JSON.writeValueAsBytes(body))).build();
            HttpResponse<String> resp = send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) {
                throw failure(resp.statusCode(), resp.body());
            }
            return parse(resp.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url + pathAndQuery));
        if (token != null && !token.isBlank()) {
            r.header("Authorization", "Bearer " + token.strip());
        }
        return r;
    }

    private <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(r, handler);
        } catch (ConnectException e) {
            throw new CliException.Unreachable("cannot connect to " + url + " (is log-query running? set --url or TRIBUTARY_URL)");
        } catch (HttpTimeoutException e) {
            throw new CliException.Unreachable(url + " did not answer in time");
        } catch (IOException e) {
            throw new CliException.Unreachable("connection to " + url + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNAVAILABLE, "interrupted");
        }
    }

    private JsonNode parse(String body) {
        try {
            return Config.JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException(ExitCode.UNAVAILABLE, url + " answered something that is not JSON: " + e.getMessage());
        }
    }

    /** The server's {"error","detail"} as one line, with the exit code of its status. */
    static CliException failure(int status, String body) {
        String message;
        try {
            JsonNode e = Config.JSON.readTree(body);
            String error = e.path("error").asText("");
            String detail = e.path("detail").asText("");
            message = (detail.isEmpty() ? error : detail);
        } catch (IOException | RuntimeException notJson) {
            message = body.strip();
        }
        if (message.isEmpty()) {
            message = "HTTP " + status;
        }
        message = message.replace('\n', ' ') + " (HTTP " + status + ")";
        if (status == 401) {
            message += "; log in with 'tributary login'";
        }
        if (status == 502 || status == 503 || status == 504) {
            return new CliException.Unreachable(message);
        }
        return new CliException(ExitCode.forStatus(status), message);
    }

}
