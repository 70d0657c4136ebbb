package io.tributary.query.grpc;

import io.grpc.Status;
import io.tributary.query.query.ApiException;
import java.util.concurrent.CompletionException;

final class GrpcErrors {

    private GrpcErrors() {
    }

    static Status status(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof ApiException a) {
            return a.grpcStatus();
        }
        return Status.INTERNAL.withDescription(String.valueOf(c.getMessage()));
    }
}
