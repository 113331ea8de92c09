package io.customconnectors.operator.backend;

import java.time.Duration;
import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;

/**
 * Where a ConnectorPlugin lives, beside {@link ConnectorBackend}: on a Kafka Connect worker the
 * plugin comes with the image and is only checked; on Confluent Cloud it is uploaded and versioned.
 * The plugin reconciler knows no target: it asks this seam and computes status from the answer.
 */
public interface PluginBackend {

  /** What one pass saw, and when to look again whatever happens meanwhile. */
  record Outcome(PluginObservation observation, Duration recheck) {}

  /**
   * The resource's own record of a remote create in flight: set right before a remote plugin is
   * created, so that a create that timed out, or an operator that died right after it, finds that
   * plugin again instead of stopping at a name clash; cleared when the create definitely failed.
   */
  interface CreationMark {
    void set(String message);

    void clear();
  }

  /** Brings the plugin on its target to the spec where the target holds plugins, and looks. */
  Outcome sync(ConnectorPlugin plugin, CreationMark mark);

  /**
   * Removes what the plugin put on its target; empty when nothing is left, else why not yet (the
   * message says what to do).
   */
  Optional<String> delete(ConnectorPlugin plugin);
}
