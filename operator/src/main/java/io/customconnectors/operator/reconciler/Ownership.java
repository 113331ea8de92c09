package io.customconnectors.operator.reconciler;

import java.util.Map;
import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.config.ConfigResolver;

/**
 * Whose a remote connector is. Kafka Connect keeps no metadata but the config, so the operator
 * marks the connectors it manages with an owner key ({@link ConfigResolver#OWNER_KEY}); a connector
 * of the same name without our mark is someone else's until an administrator says to adopt it.
 */
final class Ownership {

  private Ownership() {}

  /**
   * Whether the remote connector is this resource's: it carries our owner mark; or it carries no
   * mark but our status shows we applied a config to it (someone replaced its whole config, mark
   * included, from outside: the edit is drift to undo, not a reason to let go); or an administrator
   * said to adopt it.
   */
  static boolean isOurs(
      CustomConnector resource, Map<String, String> remoteConfig, String remoteId) {
    String owner = remoteConfig.get(ConfigResolver.OWNER_KEY);
    if (ConfigResolver.owner(resource).equals(owner)
        || Annotations.isTrue(resource, Annotations.ADOPT)) {
      return true;
    }
    CustomConnectorStatus status = resource.getStatus();
    return owner == null
        && status != null
        && status.getConfigHash() != null
        && status.getConnectorId() != null
        && (status.getConnectorId().equals(ConfigResolver.connectorName(resource))
            || status.getConnectorId().equals(remoteId));
  }

  /** The clash when the remote connector of the resource's name belongs to someone else. */
  static Optional<Problem> clash(CustomConnector resource, RemoteConnector remote, String target) {
    if (remote == null || isOurs(resource, remote.config(), remote.id())) {
      return Optional.empty();
    }
    String owner = remote.config().get(ConfigResolver.OWNER_KEY);
    return Optional.of(
        new Problem(
            Reason.NameTaken,
            "A connector named '"
                + remote.name()
                + "' already exists on "
                + target
                + (owner == null
                    ? " and was not created by this operator"
                    : " and belongs to " + owner)
                + ": choose another spec.connectorName, delete that connector, or annotate this"
                + " resource with "
                + Annotations.ADOPT
                + "=true to take it over"));
  }
}
