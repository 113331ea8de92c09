package io.customconnectors.operator.backend;

import io.customconnectors.operator.api.v1alpha1.Reason;

/**
 * Why a resource cannot be brought to what its spec asks for, and what to do about it: the reason a
 * condition carries, and a message that names the field or the object to fix.
 */
public record Problem(Reason reason, String message) {

  /**
   * A backend call that failed: refused credentials are the resource's to fix ({@code fix} says
   * where), anything else is the backend being unreachable for now.
   */
  public static Problem of(BackendException e, String fix) {
    return e.kind() == BackendException.Kind.UNAUTHORIZED
        ? new Problem(Reason.BackendUnauthorized, e.getMessage() + ". " + fix)
        : new Problem(Reason.BackendUnreachable, e.getMessage());
  }
}
