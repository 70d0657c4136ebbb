package io.tributary.query.auth;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.tributary.query.config.ServiceAuthClientConfig;
import io.tributary.serviceauth.Pem;
import io.tributary.serviceauth.ServiceCallCredentials;
import io.tributary.serviceauth.ServiceTokenSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * log-query's service token on every call to a reader or topology ({@code authorization: Bearer <token>}): its
 * account ({@code tributary.service-auth.account}, default {@code log-query}) logs in at auth with a login JWT signed
 * by its private key ({@link ServiceTokenSource}); the token is renewed at 80% of its lifetime, and forgotten when a
 * callee answers UNAUTHENTICATED (e.g. auth's key was rotated), so the next call logs in again. Logging in
 * runs on service-auth's login thread, never on the event loop that log-query's channels call back on.
 */
@ApplicationScoped
public class ServiceCalls {

    private static final Logger LOG = Logger.getLogger(ServiceCalls.class);

    private final ClientInterceptor interceptor;

    @Inject
    public ServiceCalls(ServiceAuthClientConfig config) {
        if (!config.enabled()) {
            LOG.warn("tributary.service-auth.enabled=false: calls to readers and topology carry no service token");
            interceptor = null;
        } else if (config.privateKeyFile().isEmpty()) {
            LOG.warnf("tributary.service-auth.private-key-file is not set: calls to readers and topology carry no "
                    + "service token and will be refused (account %s)", config.account());
            interceptor = null;
        } else {
            ServiceTokenSource source;
            try {
                source = new ServiceTokenSource(config.url(), config.account(),
                        Pem.readPrivateKey(config.privateKeyFile().get()), config.timeout());
            } catch (IOException e) {
                throw new UncheckedIOException("tributary.service-auth.private-key-file "
                        + config.privateKeyFile().get() + ": " + e.getMessage(), e);
            }
            LOG.infof("calls to readers and topology carry the service token of account %s (from %s)",
                    config.account(), config.url());
            interceptor = new TokenInterceptor(source);
        }
    }

    /** The interceptor that puts the token on calls; null when service auth is off. */
    public ClientInterceptor interceptor() {
        return interceptor;
    }

    private static final class TokenInterceptor implements ClientInterceptor {
        private final ServiceTokenSource source;
        private final CallCredentials credentials;

        TokenInterceptor(ServiceTokenSource source) {
            this.source = source;
            this.credentials = new ServiceCallCredentials(source);
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            ClientCall<Q, R> call = next.newCall(method, options.withCallCredentials(credentials));
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            if (status.getCode() == Status.Code.UNAUTHENTICATED) {
                                source.invalidate();
                            }
                            super.onClose(status, trailers);
                        }
                    }, headers);
                }
            };
        }
    }
}
