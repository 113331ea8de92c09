package io.customconnectors.operator.status;

import java.util.Collection;
import java.util.List;

import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.backend.RemoteConnector;

/**
 * Everything the status of a CustomConnector is computed from, besides its spec and previous
 * status: what the reconciler saw on the target and what it decided.
 *
 * @param target short form of the target, e.g. {@code connect/connect.kafka.svc:8083}
 * @param remote the remote connector, or null when there is none
 * @param problem what keeps the connector from its desired state, or null
 * @param configApplied whether the remote config is the desired one
 * @param configHash hash of the desired config once applied, else the previous hash
 * @param restart what the restart policy decided
 * @param secrets values that must not appear in status (resolved configFrom values)
 */
public record Observation(
    String target,
    String connectorName,
    RemoteConnector remote,
    Problem problem,
    boolean configApplied,
    String configHash,
    RestartDecision restart,
    Collection<String> secrets) {

  public Observation {
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
  }

  @Override
  public String toString() {
    // The secrets, and the remote config that holds them, stay out of any log line.
    return "Observation["
        + target
        + ", "
        + connectorName
        + ", "
        + remote
        + ", problem "
        + (problem == null ? "none" : problem.reason())
        + ", hash "
        + configHash
        + "]";
  }
}
