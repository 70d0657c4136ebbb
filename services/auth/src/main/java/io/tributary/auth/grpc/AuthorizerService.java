package io.tributary.auth.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tributary.auth.issuer.EmbeddedIssuer;
import io.tributary.auth.ops.AuthMetrics;
import io.tributary.auth.permission.Decisions;
import io.tributary.auth.token.TokenVerifier;
import io.tributary.auth.token.VerifiedToken;
import io.tributary.proto.auth.v1.AuthenticateRequest;
import io.tributary.proto.auth.v1.AuthorizeRequest;
import io.tributary.proto.auth.v1.AuthorizeResponse;
import io.tributary.proto.auth.v1.AuthorizerGrpc;
import io.tributary.proto.auth.v1.LoginRequest;
import io.tributary.proto.auth.v1.LoginResponse;
import io.tributary.proto.auth.v1.Principal;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * {@code tributary.auth.v1.Authorizer}. A token already verified (cached) is answered on the calling event-loop
 * thread; a new one is verified on a worker thread, because it may fetch an OIDC provider's keys. Any error that
 * is not a deliberate status becomes UNAUTHENTICATED: auth never answers "allowed" by accident.
 */
@GrpcService
public class AuthorizerService extends AuthorizerGrpc.AuthorizerImplBase {

    private static final Logger LOG = Logger.getLogger(AuthorizerService.class);

    @Inject
    TokenVerifier verifier;

    @Inject
    EmbeddedIssuer issuer;

    @Inject
    AuthMetrics metrics;

    private interface Answer<T> {
        T from(VerifiedToken token) throws StatusException;
    }

    @Override
    public void authenticate(AuthenticateRequest request, StreamObserver<Principal> out) {
        answer(request.getCredentials().getAuthorization(), VerifiedToken::principal, metrics.counting("authenticate", out));
    }

    @Override
    public void authorize(AuthorizeRequest request, StreamObserver<AuthorizeResponse> out) {
        answer(request.getCredentials().getAuthorization(), t -> AuthorizeResponse.newBuilder()
                .setPrincipal(t.principal())
                .setScope(Decisions.decide(t.grants(), t.scope(), request.getTarget())).build(),
                metrics.counting("authorize", out));
    }

    @Override
    @Blocking
    public void login(LoginRequest request, StreamObserver<LoginResponse> out) {
        try {
            respond(out, issuer.login(request.getUid(), request.getPassword(), request.getToken()));
        } catch (StatusException e) {
            out.onError(e);
        } catch (RuntimeException e) {
            LOG.warn("login failed unexpectedly", e);
            out.onError(Status.UNAVAILABLE.withDescription("login failed: " + e.getMessage()).asException());
        }
    }

    private <T> void answer(String authorization, Answer<T> answer, StreamObserver<T> out) {
        VerifiedToken cached = verifier.cached(authorization);
        if (cached != null) {
            complete(cached, answer, out);
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                complete(verifier.authenticate(authorization), answer, out);
            } catch (StatusException e) {
                out.onError(e);
            } catch (RuntimeException e) {
                fail(out, e);
            }
        });
    }

    private static <T> void complete(VerifiedToken token, Answer<T> answer, StreamObserver<T> out) {
        try {
            respond(out, answer.from(token));
        } catch (StatusException e) {
            out.onError(e);
        } catch (RuntimeException e) {
            fail(out, e);
        }
    }

    private static <T> void respond(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    private static void fail(StreamObserver<?> out, RuntimeException e) {
        LOG.warn("authorization failed unexpectedly", e);
        out.onError(Status.UNAUTHENTICATED.withDescription("credentials could not be checked").asException());
    }
}
