package io.tributary.auth.token;

import io.grpc.StatusException;

/** One issuer auth trusts: checks a token that claims to come from it. */
public interface TrustedIssuer {

    /** The exact {@code iss} it signs as. */
    String issuer();

    /** The verified token; UNAUTHENTICATED when it is not valid, UNAVAILABLE when the keys cannot be had. */
    VerifiedToken verify(String jwt) throws StatusException;
}
