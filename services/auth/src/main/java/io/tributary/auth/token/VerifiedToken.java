package io.tributary.auth.token;

import io.tributary.auth.permission.Grants;
import io.tributary.proto.auth.v1.Principal;
import io.tributary.proto.auth.v1.Scope;
import java.util.List;

/** A token that passed verification: who, what they may read (as grants and as the full scope), until when. */
public record VerifiedToken(Principal principal, Grants grants, Scope scope, long expiresAtMillis) {

    public static VerifiedToken of(String subject, String name, String issuer, List<String> permissions, long expiresAtMillis) {
        Grants g = Grants.of(permissions);
        Principal p = Principal.newBuilder().setSubject(subject).setName(name == null || name.isEmpty() ? subject : name)
                .setIssuer(issuer).addAllPermissions(permissions).setExpiresAtUsec(expiresAtMillis * 1000).build();
        return new VerifiedToken(p, g, g.toScope(), expiresAtMillis);
    }
}
