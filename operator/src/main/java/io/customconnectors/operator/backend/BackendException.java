package io.customconnectors.operator.backend;

/**
 * A backend call that failed: the HTTP status (0 when the backend could not be reached), the
 * backend's own message, and what kind of failure it is, which decides whether retrying can help.
 * Messages never carry request bodies, so connector secrets cannot leak through them.
 */
public class BackendException extends RuntimeException {

  /** What went wrong, in terms the reconcilers act on. */
  public enum Kind {
    /** No connection, timeout, TLS failure. */
    UNREACHABLE(true),
    /** 401 or 403: the operator's credentials for the backend are wrong. */
    UNAUTHORIZED(false),
    /** 404. */
    NOT_FOUND(false),
    /** 409: Kafka Connect rebalancing, or a conflicting resource. */
    CONFLICT(true),
    /** 400 or 422: the backend refused the request, e.g. an invalid connector config. */
    REJECTED(false),
    /** 429. */
    THROTTLED(true),
    /** 5xx. */
    SERVER_ERROR(true);

    private final boolean retriable;

    Kind(boolean retriable) {
      this.retriable = retriable;
    }

    public boolean retriable() {
      return retriable;
    }

    public static Kind of(int status) {
      return switch (status) {
        case 0 -> UNREACHABLE;
        case 401, 403 -> UNAUTHORIZED;
        case 404 -> NOT_FOUND;
        case 409 -> CONFLICT;
        case 429 -> THROTTLED;
        default -> status >= 500 ? SERVER_ERROR : REJECTED;
      };
    }
  }

  private final int status;
  private final Kind kind;
  private final long retryAfterMillis;

  public BackendException(int status, String message, long retryAfterMillis, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.kind = Kind.of(status);
    this.retryAfterMillis = retryAfterMillis;
  }

  public BackendException(int status, String message) {
    this(status, message, 0, null);
  }

  public int status() {
    return status;
  }

  public Kind kind() {
    return kind;
  }

  /** What the backend asked for in Retry-After, or 0. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  public boolean retriable() {
    return kind.retriable();
  }
}
