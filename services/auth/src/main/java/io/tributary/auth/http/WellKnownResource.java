package io.tributary.auth.http;

import io.tributary.auth.issuer.EmbeddedIssuer;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The embedded issuer's public keys and OIDC discovery document, so that other tools can verify its tokens. */
@Path("/")
public class WellKnownResource {

    @Inject
    EmbeddedIssuer issuer;

    @GET
    @Path(".well-known/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        return issuer.jwksJson();
    }

    /** DC/OS's path of the same key set. */
    @GET
    @Path("acs/api/v1/auth/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    public String dcosJwks() {
        return issuer.jwksJson();
    }

    @GET
    @Path(".well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> discovery() {
        return issuer.discovery();
    }
}
