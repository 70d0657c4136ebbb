package io.tributary.query.auth;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.tributary.proto.auth.v1.AuthorizeRequest;
import io.tributary.proto.auth.v1.AuthorizeResponse;
import io.tributary.proto.auth.v1.AuthorizerGrpc;
import io.tributary.proto.auth.v1.Credentials;
import io.tributary.proto.auth.v1.LoginRequest;
import io.tributary.proto.auth.v1.LoginResponse;
import io.tributary.proto.auth.v1.Target;
import io.tributary.query.config.QueryConfig;
import io.tributary.query.query.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The seam to the auth service: every query (HTTP and gRPC) passes the caller's {@code Authorization} header and
 * what it reads ({@link Target}) and gets the {@link Scope} its entries must fall in. log-query never decides on
 * its own: no credentials → 401 without asking; auth's UNAUTHENTICATED → 401, PERMISSION_DENIED → 403 (auth's
 * description names the missing permission), anything else (unreachable, deadline) → 503 — never fail open. With
 * {@code tributary.query.auth.enabled=false} every query gets the full scope (tests only).
 */
@ApplicationScoped
public class Authorizer {

    @Inject
    QueryConfig config;

    private volatile ManagedChannel channel;

    public CompletableFuture<Scope> authorize(String authorization, Target target) {
        if (!config.auth().enabled()) {
            return CompletableFuture.completedFuture(Scope.FULL);
        }
        if (authorization == null || authorization.isBlank()) {
            return CompletableFuture.failedFuture(new ApiException(401, "unauthorized",
                    "no credentials: send Authorization: Bearer <token> (or token=<token>)"));
        }
        CompletableFuture<Scope> result = new CompletableFuture<>();
        AuthorizeRequest request = AuthorizeRequest.newBuilder()
                .setCredentials(Credentials.newBuilder().setAuthorization(authorization)).setTarget(target).build();
        AuthorizerGrpc.newStub(channel()).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .authorize(request, new io.grpc.stub.StreamObserver<AuthorizeResponse>() {
                    @Override
                    public void onNext(AuthorizeResponse r) {
                        result.complete(Scope.from(r.getScope()));
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(toApi(Status.fromThrowable(t)));
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new ApiException(503, "unavailable", "auth gave no answer"));
                    }
                });
        return result;
    }

    /**
     * The scope of a planned query: auth decides on the plan's target. A task query asked cluster-wide (topology
     * knows the task only from journals) by a caller whose scope holds no task entry at all can only be empty: 403
     * naming {@code logs:task:read}, as auth answers for a task it can name.
     */
    public CompletableFuture<Scope> authorize(String authorization, io.tributary.query.plan.Plan plan) {
        return authorize(authorization, plan.target()).thenApply(scope -> {
            if (plan.task() != null && !scope.anyTasks()) {
                throw new ApiException(403, "forbidden", "missing permission logs:task:read (the entries of task "
                        + plan.task().getTaskId() + ")");
            }
            return scope;
        });
    }

    /** A request's first check ({@link AuthGate}): authenticated, with some logs permission (cluster-wide target). */
    public CompletableFuture<Scope> admit(String authorization) {
        return authorize(authorization, Target.getDefaultInstance());
    }

    public boolean enabled() {
        return config.auth().enabled();
    }

    /** Completes when auth answers its gRPC health check (open to anyone) within the call timeout (readiness). */
    public CompletableFuture<String> ping() {
        CompletableFuture<String> result = new CompletableFuture<>();
        grpc.health.v1.HealthGrpc.newStub(channel()).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .check(grpc.health.v1.HealthOuterClass.HealthCheckRequest.getDefaultInstance(),
                        new io.grpc.stub.StreamObserver<>() {
                            @Override
                            public void onNext(grpc.health.v1.HealthOuterClass.HealthCheckResponse r) {
                                result.complete(r.getStatus().name());
                            }

                            @Override
                            public void onError(Throwable t) {
                                result.completeExceptionally(t);
                            }

                            @Override
                            public void onCompleted() {
                                result.completeExceptionally(new IllegalStateException("auth gave no answer"));
                            }
                        });
        return result;
    }

    /** auth's {@code Login} (the DC/OS login, forwarded); fails with the gRPC status. */
    public CompletableFuture<LoginResponse> login(LoginRequest request) {
        CompletableFuture<LoginResponse> result = new CompletableFuture<>();
        AuthorizerGrpc.newStub(channel()).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .login(request, new io.grpc.stub.StreamObserver<LoginResponse>() {
                    @Override
                    public void onNext(LoginResponse r) {
                        result.complete(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(Status.fromThrowable(t).asException());
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(Status.UNAVAILABLE.withDescription("auth gave no answer").asException());
                    }
                });
        return result;
    }

    static ApiException toApi(Status s) {
        String d = s.getDescription() == null ? s.getCode().name() : s.getDescription();
        return switch (s.getCode()) {
            case UNAUTHENTICATED -> new ApiException(401, "unauthorized", d);
            case PERMISSION_DENIED -> new ApiException(403, "forbidden", d);
            case INVALID_ARGUMENT -> new ApiException(400, "bad request", d);
            default -> new ApiException(503, "unavailable", "auth: " + s.getCode() + ": " + d);
        };
    }

    private ManagedChannel channel() {
        ManagedChannel c = channel;
        if (c == null) {
            synchronized (this) {
                if (channel == null) {
                    String url = config.auth().url();
                    int colon = url.lastIndexOf(':');
                    channel = ManagedChannelBuilder.forAddress(url.substring(0, colon), Integer.parseInt(url.substring(colon + 1)))
                            .usePlaintext().build();
                }
                c = channel;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }
}
