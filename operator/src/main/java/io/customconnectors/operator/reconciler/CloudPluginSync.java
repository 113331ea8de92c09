package io.customconnectors.operator.reconciler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.archive.PluginArchives;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.status.CloudPluginStatusCalculator;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.customconnectors.operator.status.Observation.Problem;
import io.customconnectors.operator.status.Reason;

/**
 * A ConnectorPlugin on Confluent Cloud: one custom plugin (ccpm) per resource, and one version per
 * archive and declaration. A version's name ends in a fingerprint of where the archive comes from
 * and what the version declares ({@code 0.1.0+3f2a...}), so the operator finds the version for the
 * current spec without downloading anything, and uploads only when the spec changed.
 */
final class CloudPluginSync {

  /** How one reconcile ended: what it saw, and when to look again. */
  record Outcome(CloudPluginStatusCalculator.Observation observation, Duration recheck) {}

  /**
   * Set on a ConnectorPlugin just before its remote plugin is created, until the plugin's id is in
   * its status: a plugin of the same name found while it is set is the one this resource created
   * (the create may have timed out, or the operator died), not someone else's.
   */
  static final String CREATING = "customconnectors.io/creating-plugin";

  private static final Logger log = LoggerFactory.getLogger(CloudPluginSync.class);

  /** Confluent Cloud's limits on a plugin and its versions, checked before anything is sent. */
  private static final int DISPLAY_NAME_MAX = 60;

  private static final int DESCRIPTION_MAX = 256;
  private static final int DOCUMENTATION_LINK_MAX = 512;
  private static final int CLASS_NAME_MAX = 150;

  /** How the versions this operator uploads end: {@code +} and a 12-digit fingerprint. */
  private static final java.util.regex.Pattern OURS =
      java.util.regex.Pattern.compile("\\+[0-9a-f]{12}$");

  /**
   * Declarations Confluent Cloud refused, by resource and fingerprint: not uploaded again until the
   * spec changes (or the operator restarts), rather than once per reconcile.
   */
  /**
   * The client each resource last used, by uid: deletion may come after its Secret is gone, and may
   * need a second try (a finalizer update that failed). Bounded, oldest first out.
   */
  private final java.util.Map<String, CustomPlugins> lastUsed = Recent.map(10_000);

  private final java.util.Map<String, Problem> refused =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Backends backends;
  private final PluginArchives archives;
  private final Duration pollInterval;

  CloudPluginSync(Backends backends, PluginArchives archives, Duration pollInterval) {
    this.backends = backends;
    this.archives = archives;
    this.pollInterval = pollInterval;
  }

  /**
   * Brings the plugin and its version to the spec. {@code intent} marks the resource ({@link
   * #CREATING} and an Uploading status) before the plugin is created, so that a create that timed
   * out, or an operator that died right after it, takes that plugin back instead of stopping at a
   * name clash.
   */
  Outcome reconcile(
      ConnectorPlugin plugin, java.util.function.Consumer<ConnectorPluginStatus> intent) {
    ConnectorPluginSpec spec = plugin.getSpec();
    ConfluentCloudTarget target = spec.getTarget().getConfluentCloud();
    String where = "ccloud/" + target.getEnvironment();
    ConnectorPluginStatus previous =
        plugin.getStatus() == null ? new ConnectorPluginStatus() : plugin.getStatus();
    String pluginId = previous.getPluginId();
    String sha = previous.getArchiveSha256();
    Optional<String> tooLong = tooLong(spec);
    if (tooLong.isPresent()) {
      return blocked(where, pluginId, sha, new Problem(Reason.ConfigRejected, tooLong.get()));
    }
    try {
      CustomPlugins plugins = backends.customPlugins(target, plugin.getMetadata().getNamespace());
      lastUsed.put(plugin.getMetadata().getUid(), plugins);
      String identity = archives.identity(spec.getArchive());
      String fingerprint = fingerprint(identity, spec);
      String memo = plugin.getMetadata().getUid() + "/" + fingerprint;
      Problem refusedBefore = refused.get(memo);
      if (refusedBefore != null) {
        return blocked(where, pluginId, sha, refusedBefore);
      }
      PluginArchives.Fetched fetched = null;
      if (pluginId != null && plugins.plugin(pluginId).isEmpty()) {
        log.info(
            "Plugin {} of {} is gone from {}: creating it again", pluginId, name(plugin), where);
        pluginId = null;
      }
      if (pluginId == null) {
        Optional<CustomPlugins.Plugin> sameName =
            plugins.plugins().stream()
                .filter(p -> p.displayName().equals(spec.getDisplayName()))
                .findFirst();
        if (sameName.isPresent() && !wasCreating(plugin) && !adopt(plugin)) {
          return blocked(
              where,
              null,
              sha,
              new Problem(
                  Reason.NameTaken,
                  "A plugin named '"
                      + spec.getDisplayName()
                      + "' already exists in "
                      + target.getEnvironment()
                      + " ("
                      + sameName.get().id()
                      + "): choose another spec.displayName, delete that plugin, or annotate this"
                      + " resource with "
                      + CustomConnectorReconciler.ADOPT
                      + "=true to take it over"));
        }
        if (sameName.isPresent()) {
          pluginId = sameName.get().id();
          log.info("Taking over plugin {} ('{}') in {}", pluginId, spec.getDisplayName(), where);
        } else {
          // Verified before the plugin exists: a bad archive leaves nothing behind on Confluent.
          try {
            fetched = archives.fetch(spec.getArchive());
          } catch (PluginArchives.ArchiveException e) {
            return blocked(where, null, sha, new Problem(e.reason(), e.getMessage()));
          }
          ConnectorPluginStatus creating = new ConnectorPluginStatus();
          creating.setObservedGeneration(plugin.getMetadata().getGeneration());
          creating.setTarget(where);
          creating.setConditions(
              List.of(
                  Conditions.of(
                      ConnectorStatusCalculator.READY,
                      false,
                      Reason.Uploading,
                      "Creating plugin '" + spec.getDisplayName() + "' in " + where,
                      plugin.getMetadata().getGeneration() == null
                          ? 0
                          : plugin.getMetadata().getGeneration())));
          intent.accept(creating);
          pluginId = plugins.createPlugin(spec.getDisplayName(), spec.getDescription()).id();
          log.info("Created plugin {} ('{}') in {}", pluginId, spec.getDisplayName(), where);
        }
      } else {
        CustomPlugins.Plugin remote = plugins.plugin(pluginId).orElseThrow();
        String description = spec.getDescription() == null ? "" : spec.getDescription();
        if (!remote.displayName().equals(spec.getDisplayName())
            || !remote.description().equals(description)) {
          plugins.updatePlugin(pluginId, spec.getDisplayName(), description);
        }
      }

      List<CustomPlugins.Version> versions = plugins.versions(pluginId);
      CustomPlugins.Version current =
          versions.stream()
              .filter(v -> v.version().endsWith("+" + fingerprint))
              .reduce((first, second) -> second)
              .orElse(null);
      if (current == null) {
        if (fetched == null) {
          try {
            fetched = archives.fetch(spec.getArchive());
          } catch (PluginArchives.ArchiveException e) {
            return blocked(where, pluginId, sha, new Problem(e.reason(), e.getMessage()));
          }
        }
        String version = fetched.version() + "+" + fingerprint;
        log.info(
            "Uploading {} ({}) as version {} of plugin {}",
            fetched.file().getFileName(),
            fetched.sha256(),
            version,
            pluginId);
        try {
          current =
              plugins.createVersion(
                  pluginId,
                  new CustomPlugins.VersionSpec(
                      version,
                      spec.getConnectorClass(),
                      spec.getConnectorType().name(),
                      spec.getSensitiveConfigProperties() == null
                          ? List.of()
                          : spec.getSensitiveConfigProperties(),
                      spec.getDocumentationLink()),
                  fetched.file());
        } catch (BackendException e) {
          if (e.kind() == BackendException.Kind.REJECTED
              || e.kind() == BackendException.Kind.CONFLICT) {
            Problem problem =
                new Problem(
                    Reason.ConfigRejected,
                    "Confluent Cloud refused version "
                        + version
                        + " of plugin "
                        + pluginId
                        + ": "
                        + e.getMessage()
                        + ". Change the spec to try again");
            refused.put(memo, problem);
            return blocked(where, pluginId, sha, problem);
          }
          throw e;
        }
        sha = fetched.sha256();
      } else if (identity.startsWith("sha256:")) {
        sha = identity.substring("sha256:".length());
      }
      if (current.phase().equals("READY")) {
        removeStaleVersions(plugins, pluginId, versions, current);
      }
      refused.keySet().removeIf(key -> key.startsWith(plugin.getMetadata().getUid() + "/"));
      return new Outcome(
          new CloudPluginStatusCalculator.Observation(
              where,
              pluginId,
              current.version(),
              current.phase(),
              current.errorMessage(),
              sha,
              null),
          current.phase().equals("PROCESSING") ? Duration.ofSeconds(2) : pollInterval);
    } catch (MissingSecretException e) {
      return blocked(where, pluginId, sha, new Problem(Reason.SecretNotFound, e.getMessage()));
    } catch (PluginArchives.ArchiveException e) {
      return blocked(where, pluginId, sha, new Problem(e.reason(), e.getMessage()));
    } catch (BackendException e) {
      return blocked(where, pluginId, sha, problem(e));
    }
  }

  /**
   * Deletes the plugin's versions, then the plugin; empty when it is gone, else why not yet (a
   * version that connectors outside this cluster still run cannot be deleted).
   */
  Optional<String> delete(ConnectorPlugin plugin) {
    ConfluentCloudTarget target = plugin.getSpec().getTarget().getConfluentCloud();
    ConnectorPluginStatus status = plugin.getStatus();
    String pluginId = status == null ? null : status.getPluginId();
    try {
      CustomPlugins plugins;
      try {
        plugins = backends.customPlugins(target, plugin.getMetadata().getNamespace());
      } catch (MissingSecretException e) {
        // Deleting a namespace deletes its Secrets too, often first: the client last used for this
        // resource still holds the Cloud API key.
        plugins = lastUsed.get(plugin.getMetadata().getUid());
        if (plugins == null) {
          throw e;
        }
      }
      if (pluginId == null && wasCreating(plugin)) {
        pluginId =
            plugins.plugins().stream()
                .filter(p -> p.displayName().equals(plugin.getSpec().getDisplayName()))
                .map(CustomPlugins.Plugin::id)
                .findFirst()
                .orElse(null);
      }
      if (pluginId == null || plugins.plugin(pluginId).isEmpty()) {
        return Optional.empty();
      }
      List<CustomPlugins.Version> versions = plugins.versions(pluginId);
      // Every version but the last, then the plugin; Confluent may refuse to delete a plugin's
      // last version, or a plugin that has one, so the last goes whichever way it accepts.
      for (CustomPlugins.Version version : versions.subList(0, Math.max(0, versions.size() - 1))) {
        Optional<String> refusal = deleteVersion(plugins, pluginId, version);
        if (refusal.isPresent()) {
          return refusal;
        }
      }
      try {
        plugins.deletePlugin(pluginId);
      } catch (BackendException e) {
        if (versions.isEmpty()
            || (e.kind() != BackendException.Kind.REJECTED
                && e.kind() != BackendException.Kind.CONFLICT)) {
          throw e;
        }
        Optional<String> refusal =
            deleteVersion(plugins, pluginId, versions.get(versions.size() - 1));
        if (refusal.isPresent()) {
          return refusal;
        }
        plugins.deletePlugin(pluginId);
      }
      log.info("Deleted plugin {} in {}", pluginId, target.getEnvironment());
      return Optional.empty();
    } catch (MissingSecretException e) {
      return Optional.of(e.getMessage());
    } catch (BackendException e) {
      return Optional.of("Cannot delete plugin " + pluginId + ": " + e.getMessage());
    }
  }

  private static Optional<String> deleteVersion(
      CustomPlugins plugins, String pluginId, CustomPlugins.Version version) {
    try {
      plugins.deleteVersion(pluginId, version.id());
      return Optional.empty();
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.REJECTED
          || e.kind() == BackendException.Kind.CONFLICT) {
        return Optional.of(
            "Version "
                + version.version()
                + " of plugin "
                + pluginId
                + " cannot be deleted: "
                + e.getMessage()
                + ". If connectors on Confluent Cloud still run it, delete them, or set"
                + " spec.deletionPolicy to Orphan");
      }
      throw e;
    }
  }

  /**
   * Older versions this operator uploaded go once the current one is READY (Confluent refuses to
   * delete a version connectors still run; it is tried again on a later reconcile). Versions
   * uploaded by others, on an adopted plugin, stay.
   */
  private void removeStaleVersions(
      CustomPlugins plugins,
      String pluginId,
      List<CustomPlugins.Version> versions,
      CustomPlugins.Version current) {
    for (CustomPlugins.Version version : versions) {
      if (version.id().equals(current.id()) || !OURS.matcher(version.version()).find()) {
        continue;
      }
      try {
        plugins.deleteVersion(pluginId, version.id());
        log.info(
            "Deleted version {} of plugin {}, replaced by {}",
            version.version(),
            pluginId,
            current.version());
      } catch (BackendException e) {
        if (e.kind() != BackendException.Kind.REJECTED
            && e.kind() != BackendException.Kind.CONFLICT) {
          throw e;
        }
        log.debug(
            "Version {} of plugin {} stays for now ({}): connectors still run it",
            version.version(),
            pluginId,
            e.status());
      }
    }
  }

  /**
   * Confluent Cloud's length limits, which the CRD (shared with in-cluster Connect) does not set.
   */
  static Optional<String> tooLong(ConnectorPluginSpec spec) {
    List<String> problems = new java.util.ArrayList<>();
    check(problems, "spec.displayName", spec.getDisplayName(), DISPLAY_NAME_MAX);
    check(problems, "spec.description", spec.getDescription(), DESCRIPTION_MAX);
    check(problems, "spec.documentationLink", spec.getDocumentationLink(), DOCUMENTATION_LINK_MAX);
    check(problems, "spec.connectorClass", spec.getConnectorClass(), CLASS_NAME_MAX);
    if (spec.getSensitiveConfigProperties() != null) {
      for (String key : spec.getSensitiveConfigProperties()) {
        check(problems, "spec.sensitiveConfigProperties entry", key, CLASS_NAME_MAX);
      }
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join("; ", problems) + " (Confluent Cloud's limits)");
  }

  private static void check(List<String> problems, String field, String value, int max) {
    if (value != null && value.length() > max) {
      problems.add(field + " has " + value.length() + " characters, at most " + max + " allowed");
    }
  }

  private Outcome blocked(String where, String pluginId, String sha, Problem problem) {
    return new Outcome(
        new CloudPluginStatusCalculator.Observation(
            where, pluginId, null, null, null, sha, problem),
        pollInterval.compareTo(Duration.ofSeconds(10)) < 0 ? pollInterval : Duration.ofSeconds(10));
  }

  private static Problem problem(BackendException e) {
    return switch (e.kind()) {
      case UNAUTHORIZED ->
          new Problem(
              Reason.BackendUnauthorized,
              e.getMessage()
                  + ". Check the Cloud API key in spec.target.confluentCloud.credentialsSecretRef"
                  + " (a Cloud API key, not a Kafka cluster key)");
      case REJECTED, NOT_FOUND -> new Problem(Reason.ConfigRejected, e.getMessage());
      default -> new Problem(Reason.BackendUnreachable, e.getMessage());
    };
  }

  /**
   * A short fingerprint of the archive's identity and of what a version declares: any change to
   * them needs a new version, since Confluent Cloud versions are immutable.
   */
  static String fingerprint(String identity, ConnectorPluginSpec spec) {
    String declared =
        identity
            + "|"
            + spec.getConnectorClass()
            + "|"
            + spec.getConnectorType()
            + "|"
            + new TreeSet<>(
                spec.getSensitiveConfigProperties() == null
                    ? List.of()
                    : spec.getSensitiveConfigProperties())
            + "|"
            + (spec.getDocumentationLink() == null ? "" : spec.getDocumentationLink());
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(declared.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean wasCreating(ConnectorPlugin plugin) {
    var annotations = plugin.getMetadata().getAnnotations();
    return (plugin.getStatus() == null || plugin.getStatus().getPluginId() == null)
        && annotations != null
        && "true".equals(annotations.get(CREATING));
  }

  private static boolean adopt(ConnectorPlugin plugin) {
    var annotations = plugin.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(CustomConnectorReconciler.ADOPT));
  }

  private static String name(ConnectorPlugin plugin) {
    return plugin.getMetadata().getNamespace() + "/" + plugin.getMetadata().getName();
  }
}
