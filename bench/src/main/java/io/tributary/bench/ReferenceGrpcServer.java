package io.tributary.bench;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.auth.v1.AuthorizeRequest;
import io.tributary.proto.auth.v1.AuthorizeResponse;
import io.tributary.proto.auth.v1.AuthorizerGrpc;
import io.tributary.proto.auth.v1.Principal;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Task;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The reference for the unary benchmarks: a plain grpc-java Netty server (no Quarkus, no Vert.x, no interceptors)
 * in its own JVM, answering {@code Topology.Resolve} and {@code Authorizer.Authorize} at once with a fixed answer.
 * Driven by the same open-loop client at the same rate in the same run, it shows the latency this machine gives any
 * JVM gRPC server, so that the service's own share of a miss can be told from the machine's.
 */
public final class ReferenceGrpcServer {

    private ReferenceGrpcServer() {
    }

    /** Starts it in a child JVM ({@code -Xmx256m}, G1, GC log {@code gcLog}) on a free port. */
    static ServiceProcess start(Path gcLog, Path logFile) throws IOException {
        int port = ServiceProcess.freePort();
        return ServiceProcess.javaMain(ReferenceGrpcServer.class.getName(), System.getProperty("java.class.path"))
                .jvmArg("-Xmx256m").jvmArg(GcPauses.jvmArg(gcLog)).arg(String.valueOf(port))
                .logFile(logFile).waitForPort(port).start();
    }

    public static void main(String[] args) throws Exception {
        ResolveResponse resolved = ResolveResponse.newBuilder().setTask(Task.newBuilder().setTaskId(
                "web.6f1c2a3e-0b7d-11f0-9c1e-0242ac110002").setName("web").setFrameworkId("fw-0001")
                .setAgentId("agent-0001").setState("TASK_RUNNING").setAppId("/web")).build();
        AuthorizeResponse authorized = AuthorizeResponse.newBuilder()
                .setPrincipal(Principal.newBuilder().setSubject("bench-admin").setName("bench-admin")
                        .setIssuer("http://127.0.0.1/").addPermissions("logs:system:read")).build();
        Server server = NettyServerBuilder.forPort(Integer.parseInt(args[0])).directExecutor()
                .addService(new TopologyGrpc.TopologyImplBase() {
                    @Override
                    public void resolve(ResolveRequest request, StreamObserver<ResolveResponse> answer) {
                        answer.onNext(resolved);
                        answer.onCompleted();
                    }
                })
                .addService(new AuthorizerGrpc.AuthorizerImplBase() {
                    @Override
                    public void authorize(AuthorizeRequest request, StreamObserver<AuthorizeResponse> answer) {
                        answer.onNext(authorized);
                        answer.onCompleted();
                    }
                })
                .build().start();
        server.awaitTermination();
    }
}
