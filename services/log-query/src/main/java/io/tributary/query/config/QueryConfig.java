package io.tributary.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How log-query finds nodes, reads them, and protects itself from slow peers. */
@ConfigMapping(prefix = "tributary.query")
public interface QueryConfig {

    /** The topology service (host:port, gRPC). */
    @WithDefault("127.0.0.1:8081")
    String topology();

    /** Entries per reader batch; also the merge's memory bound per node (one batch buffered, one requested). */
    @WithDefault("256")
    int batchEntries();

    /** A range query (no follow) ends by then; nodes still reading are reported as DEADLINE_EXCEEDED. */
    @WithDefault("60s")
    Duration rangeDeadline();

    /** A following node silent this long (no entries, no heartbeat) is reported failed and leaves the merge. */
    @WithDefault("10s")
    Duration nodeSilenceTimeout();

    /** A client that accepts no bytes for this long is closed with an event carrying a resumable cursor. */
    @WithDefault("30s")
    Duration clientStallTimeout();

    /**
     * While following several nodes, readers are asked for a heartbeat this often when idle (ReadRequest
     * heartbeat_interval_ms; 0 = the readers' default): an entry is released only when every node's watermark has
     * passed it, so an idle node's heartbeat interval adds to the latency of every other node's entries. A follow of
     * one node asks for none (QueryRun reopens it with them when a second node joins).
     */
    @WithDefault("10ms")
    Duration followHeartbeat();

    /** Idle streams (SSE, NDJSON/text follow) get a keep-alive this often. */
    @WithDefault("15s")
    Duration keepAlive();

    /** Bytes encoded before they are written out (one write per chunk). */
    @WithDefault("65536")
    int chunkBytes();

    /** The largest accepted limit and |skip|. */
    @WithDefault("100000000")
    long maxLimit();

    /** Deadline of calls to topology and of Unique calls to readers. */
    @WithDefault("5s")
    Duration callTimeout();

    Auth auth();

    interface Auth {
        /**
         * false = every request is allowed and every query gets the full scope, with no call to auth. Only for
         * tests that are not about authorization; never in a deployment.
         */
        @WithDefault("true")
        boolean enabled();

        /** The auth service (host:port, gRPC tributary.auth.v1.Authorizer). */
        @WithDefault("127.0.0.1:8082")
        String url();
    }

    Ui ui();

    interface Ui {
        /**
         * The browser UI's "Sign in with &lt;name&gt;": the authorization-code flow with PKCE, run by the page as a
         * public client of this OIDC provider. No issuer and no client id (not an Optional group: its defaults
         * would make it present): the page offers the embedded issuer's password login and a pasted token only.
         */
        Oidc oidc();

        interface Oidc {
            /** The provider's issuer (e.g. https://keycloak.example.com/realms/tributary), as auth trusts it. */
            Optional<String> issuer();

            /** The public client the page signs in as (Keycloak: standard flow on, client authentication off). */
            Optional<String> clientId();

            /** Space-separated scopes asked for. */
            @WithDefault("openid")
            String scopes();

            /** Shown on the button: "Sign in with &lt;name&gt;". */
            @WithDefault("OIDC")
            String name();

            /** Deadline of fetching the provider's discovery document (once; a failure is retried on the next page load). */
            @WithDefault("5s")
            Duration discoveryTimeout();
        }
    }
}
