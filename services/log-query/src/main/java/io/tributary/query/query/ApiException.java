package io.tributary.query.query;

/** A request that cannot be served, with the HTTP status and the JSON error body {@code {"error","detail"}}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    /** Longest detail kept: details echo caller input, and a gRPC status travels in a size-limited trailer. */
    static final int MAX_DETAIL = 1000;

    public ApiException(int status, String error, String detail) {
        super(detail != null && detail.length() > MAX_DETAIL
                ? detail.substring(0, MAX_DETAIL) + "… (" + (detail.length() - MAX_DETAIL) + " more characters)" : detail);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not found", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    /** The gRPC status code for the same problem. */
    public io.grpc.Status grpcStatus() {
        io.grpc.Status s = switch (status) {
            case 400 -> io.grpc.Status.INVALID_ARGUMENT;
            case 401 -> io.grpc.Status.UNAUTHENTICATED;
            case 403 -> io.grpc.Status.PERMISSION_DENIED;
            case 404 -> io.grpc.Status.NOT_FOUND;
            case 409 -> io.grpc.Status.FAILED_PRECONDITION;
            case 503 -> io.grpc.Status.UNAVAILABLE;
            default -> io.grpc.Status.INTERNAL;
        };
        return s.withDescription(error + ": " + detail());
    }
}
