package io.tributary.query.http;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.auth.v1.Target;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.UniqueRequest;
import io.tributary.proto.journal.v1.UniqueResponse;
import io.tributary.proto.topology.v1.Node;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.config.QueryConfig;
import io.tributary.query.encode.Out;
import io.tributary.query.encode.Utf8;
import io.tributary.query.node.ReaderChannels;
import io.tributary.query.plan.TopologyClient;
import io.tributary.query.query.ApiException;
import io.tributary.query.query.QueryBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** {@code GET /api/v1/nodes} (topology's view) and {@code GET /api/v1/fields/{FIELD}} (reader Unique, merged). */
@Path("/api/v1")
public class NodesResource {

    @Inject
    TopologyClient topology;

    @Inject
    Authorizer authorizer;

    @Inject
    ReaderChannels channels;

    @Inject
    QueryConfig config;

    @GET
    @Path("/nodes")
    @Produces("application/json")
    public CompletionStage<Response> nodes(@HeaderParam("Authorization") String authorization) {
        return authorizer.authorize(authorization, Target.getDefaultInstance())
                .thenCompose(scope -> topology.listNodes())
                .thenApply(list -> {
                    Out o = new Out(1024);
                    o.ascii("{\"nodes\":[");
                    for (int i = 0; i < list.getNodesCount(); i++) {
                        Node n = list.getNodes(i);
                        if (i > 0) {
                            o.b(',');
                        }
                        o.ascii("{\"node_id\":").jsonString(n.getNodeId()).ascii(",\"hostname\":").jsonString(n.getHostname())
                                .ascii(",\"agent_id\":").jsonString(n.getAgentId()).ascii(",\"endpoint\":").jsonString(n.getEndpoint())
                                .ascii(",\"healthy\":").ascii(Boolean.toString(n.getHealthy()))
                                .ascii(",\"first_realtime_usec\":").decimal(n.getFirstRealtimeUsec())
                                .ascii(",\"last_realtime_usec\":").decimal(n.getLastRealtimeUsec()).b('}');
                    }
                    o.ascii("]}");
                    return Response.ok(o.toArray(), "application/json").build();
                });
    }

    /**
     * The distinct values of a field over every node's journal: {"field","values":[...],"failures":[...]}. Values
     * that are not printable UTF-8 are arrays of byte values (as in NDJSON). Needs the full scope (the values name
     * every framework and task).
     */
    @GET
    @Path("/fields/{field}")
    @Produces("application/json")
    public CompletionStage<Response> fields(@PathParam("field") String field, @HeaderParam("Authorization") String authorization) {
        if (!QueryBuilder.isFieldName(field)) {
            throw ApiException.badRequest("invalid field name '" + field + "' (A-Z, 0-9 and _, not starting with a digit, at most 64)");
        }
        return authorizer.authorize(authorization, Target.getDefaultInstance()).thenCompose(scope -> {
            if (!scope.isFull()) {
                throw new ApiException(403, "forbidden", "listing field values needs logs:system:read and logs:task:read");
            }
            return topology.listNodes();
        }).thenCompose(list -> {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (Node n : list.getNodesList()) {
                calls.add(unique(n, field));
            }
            return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
                TreeSet<com.google.protobuf.ByteString> values = new TreeSet<>(com.google.protobuf.ByteString.unsignedLexicographicalComparator());
                List<String[]> failures = new ArrayList<>();
                for (CompletableFuture<Object> c : calls) {
                    Object r = c.join();
                    if (r instanceof String[] f) {
                        failures.add(f);
                    } else {
                        @SuppressWarnings("unchecked")
                        List<com.google.protobuf.ByteString> vs = (List<com.google.protobuf.ByteString>) r;
                        values.addAll(vs);
                    }
                }
                Out o = new Out(1024);
                o.ascii("{\"field\":").jsonString(field).ascii(",\"values\":[");
                boolean first = true;
                for (com.google.protobuf.ByteString value : values) {
                    if (!first) {
                        o.b(',');
                    }
                    first = false;
                    byte[] b = value.toByteArray();
                    if (Utf8.printable(b, 0, b.length, true)) {
                        o.jsonString(b, 0, b.length);
                    } else {
                        o.jsonBytes(b, 0, b.length);
                    }
                }
                o.ascii("],\"failures\":[");
                for (int i = 0; i < failures.size(); i++) {
                    String[] f = failures.get(i);
                    if (i > 0) {
                        o.b(',');
                    }
                    o.ascii("{\"node_id\":").jsonString(f[0]).ascii(",\"endpoint\":").jsonString(f[1]).ascii(",\"code\":")
                            .jsonString(f[2]).ascii(",\"message\":").jsonString(f[3]).b('}');
                }
                o.ascii("]}");
                return Response.ok(o.toArray(), "application/json").build();
            });
        });
    }

    /** The node's values, or {node, endpoint, code, message} when it failed. */
    private CompletableFuture<Object> unique(Node n, String field) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        List<com.google.protobuf.ByteString> values = new ArrayList<>();
        JournalReaderGrpc.newStub(channels.channel(n.getEndpoint()))
                .withDeadlineAfter(config.callTimeout().toMillis() * 4, TimeUnit.MILLISECONDS)
                .unique(UniqueRequest.newBuilder().setField(field).build(), new StreamObserver<UniqueResponse>() {
                    @Override
                    public void onNext(UniqueResponse r) {
                        values.addAll(r.getValuesList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status s = Status.fromThrowable(t);
                        f.complete(new String[] {n.getNodeId(), n.getEndpoint(), s.getCode().name(),
                            s.getDescription() == null ? "" : s.getDescription()});
                    }

                    @Override
                    public void onCompleted() {
                        f.complete(values);
                    }
                });
        return f;
    }

    /** ApiException (also wrapped in a CompletionException) → its status and JSON body. */
    @Provider
    public static class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            Response.ResponseBuilder r = Response.status(e.status()).entity(Errors.body(e)).type("application/json");
            if (e.status() == 401) {
                r.header("WWW-Authenticate", "Bearer realm=\"tributary\"");
            }
            return r.build();
        }
    }

    @Provider
    public static class CompletionExceptionMapper implements ExceptionMapper<java.util.concurrent.CompletionException> {
        @Override
        public Response toResponse(java.util.concurrent.CompletionException e) {
            return new ApiExceptionMapper().toResponse(Errors.api(e));
        }
    }

    /** JAX-RS's own refusals (406 for an Accept these JSON routes cannot serve, 405, ...): the JSON error body too. */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<jakarta.ws.rs.WebApplicationException> {
        @Override
        public Response toResponse(jakarta.ws.rs.WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String reason = e.getResponse().getStatusInfo().getReasonPhrase();
            String detail = status == 406 ? "this resource is served as application/json only" : e.getMessage();
            return new ApiExceptionMapper().toResponse(new ApiException(status,
                    reason == null ? "error" : reason.toLowerCase(java.util.Locale.ROOT), detail));
        }
    }
}
