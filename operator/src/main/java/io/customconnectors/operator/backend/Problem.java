package io.customconnectors.operator.backend;

import java.time.Duration;

import io.customconnectors.operator.api.v1alpha1.Reason;

/**
 * Why a resource cannot be brought to what its spec asks for, and what to do about it: the reason a
 * condition carries, and a message that names the field or the object to fix.
 */
public record Problem(Reason reason, String message, Duration retryAfter) {

  /** A problem with no wait asked for. */
  public Problem(Reason reason, String message) {
    this(reason, message, Duration.ZERO);
  }

  /**
   * A backend call that failed: refused credentials are the resource's to fix ({@code fix} says
   * where), anything else is the backend being unreachable for now.
   */
  public static Problem of(BackendException e, String fix) {
    return switch (e.kind()) {
      case UNAUTHORIZED -> new Problem(Reason.BackendUnauthorized, e.getMessage() + ". " + fix);
      case THROTTLED -> throttled(e);
      default -> new Problem(Reason.BackendUnreachable, e.getMessage());
    };
  }

  /** A 429: the backend's own message, how long it asked to wait, and that the operator waits. */
  public static Problem throttled(BackendException e) {
    Duration wait = Duration.ofMillis(e.retryAfterMillis());
    return new Problem(
        Reason.Throttled,
        e.getMessage()
            + (wait.isZero() ? "" : " (it asked to wait " + wait.toSeconds() + " s)")
            + ": the operator backs off and tries again; nothing to change",
        wait);
  }
}
