package io.tributary.auth.http;

import io.grpc.StatusException;
import io.tributary.auth.issuer.EmbeddedIssuer;
import io.tributary.proto.auth.v1.LoginResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** DC/OS-compatible login: {@code {"uid","password"}} or {@code {"uid","token"}} → {@code {"token"}}. */
@Path("/acs/api/v1/auth/login")
public class LoginResource {

    public record LoginBody(String uid, String password, String token) {
    }

    @Inject
    EmbeddedIssuer issuer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> login(LoginBody body) throws StatusException {
        if (body == null) {
            throw new BadRequest("send a JSON body {\"uid\": ..., \"password\": ...} or {\"uid\": ..., \"token\": ...}");
        }
        LoginResponse r = issuer.login(body.uid(), body.password(), body.token());
        return Map.of("token", r.getToken(), "expires_at", r.getExpiresAtUsec() / 1_000_000);
    }
}
