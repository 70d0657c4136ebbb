package io.tributary.auth.ops;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decisions auth made: {@code tributary_auth_decisions_total{call="authorize|authenticate",decision="allowed|denied",
 * code=...}}; "denied" is UNAUTHENTICATED or PERMISSION_DENIED, anything else (UNAVAILABLE...) is counted as "error".
 */
@ApplicationScoped
public class AuthMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** out, counting the decision it carries. */
    public <T> StreamObserver<T> counting(String call, StreamObserver<T> out) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                count(call, "allowed", "OK");
                out.onNext(value);
            }

            @Override
            public void onError(Throwable t) {
                Status.Code code = Status.fromThrowable(t).getCode();
                boolean denied = code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED;
                count(call, denied ? "denied" : "error", code.name());
                out.onError(t);
            }

            @Override
            public void onCompleted() {
                out.onCompleted();
            }
        };
    }

    private void count(String call, String decision, String code) {
        counters.computeIfAbsent(call + '/' + code, k -> Counter.builder("tributary.auth.decisions")
                .description("authentication and authorization decisions").tag("call", call).tag("decision", decision)
                .tag("code", code).register(registry)).increment();
    }
}
