package io.customconnectors.operator.backend.confluentcloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.archive.PluginArchives;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.PluginBackend;
import io.customconnectors.operator.backend.PluginObservation;
import io.customconnectors.operator.backend.PluginObservation.OnConfluentCloud;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.config.MissingSecretException;

/**
 * ConnectorPlugins on Confluent Cloud: one custom plugin (ccpm) per resource, and one version per
 * archive and declaration (see {@link PluginVersions}). A new version is uploaded only when the
 * spec changed; connectors keep running the last READY one while a new one is checked or refused.
 */
public final class ConfluentCloudPlugins implements PluginBackend {

  private static final Logger log = LoggerFactory.getLogger(ConfluentCloudPlugins.class);

  /** How long a reconcile waits for an archive transfer before it reports it under way. */
  public static final Duration TRANSFER_GRACE = Duration.ofSeconds(2);

  private static final Duration WHILE_TRANSFERRING = Duration.ofSeconds(2);

  private final Backends backends;
  private final PluginArchives archives;
  private final Duration pollInterval;
  private final ArchiveTransfers transfers;

  /** The archive each resource's spec names, so the cache keeps those and drops the rest. */
  private final Map<String, PluginArchive> archiveInUse = new ConcurrentHashMap<>();

  /**
   * Declarations Confluent Cloud refused, by resource uid and fingerprint: not uploaded again until
   * the spec changes (or the operator restarts), rather than once per reconcile.
   */
  private final Map<String, Problem> refused = new ConcurrentHashMap<>();

  public ConfluentCloudPlugins(Backends backends, PluginArchives archives, Duration pollInterval) {
    this(backends, archives, pollInterval, TRANSFER_GRACE);
  }

  /** {@code transferGrace}: how long a reconcile waits for a download or upload to finish. */
  public ConfluentCloudPlugins(
      Backends backends, PluginArchives archives, Duration pollInterval, Duration transferGrace) {
    this.backends = backends;
    this.archives = archives;
    this.pollInterval = pollInterval;
    this.transfers = new ArchiveTransfers(4, transferGrace);
  }

  /** A download or upload of this resource's archive has not finished within the grace. */
  private static final class StillTransferring extends Exception {
    StillTransferring() {
      super(null, null, false, false);
    }
  }

  /** What one pass knows so far; each step fills in more. */
  private record Pass(String where, String pluginId, String sha) {
    Pass with(String pluginId) {
      return new Pass(where, pluginId, sha);
    }
  }

  @Override
  public Outcome sync(ConnectorPlugin plugin, CreationMark mark) {
    ConnectorPluginSpec spec = plugin.getSpec();
    ConfluentCloudTarget target = spec.getTarget().getConfluentCloud();
    ConnectorPluginStatus previous =
        plugin.getStatus() == null ? new ConnectorPluginStatus() : plugin.getStatus();
    Pass pass =
        new Pass(
            "ccloud/" + target.getEnvironment(),
            previous.getPluginId(),
            previous.getArchiveSha256());
    Optional<String> tooLong = PluginVersions.tooLong(spec);
    if (tooLong.isPresent()) {
      return blocked(pass, new Problem(Reason.ConfigRejected, tooLong.get()));
    }
    Optional<Problem> noArchive = PluginAsItIs.refused(plugin);
    if (noArchive.isPresent()) {
      return blocked(pass, noArchive.get());
    }
    String uid = plugin.getMetadata().getUid();
    try {
      if (spec.getArchive() == null) {
        // An adopted plugin without an archive: read only, no upload and no version removed.
        CustomPlugins plugins =
            backends.remember(
                uid, backends.customPlugins(target, plugin.getMetadata().getNamespace()));
        OnConfluentCloud seen =
            PluginAsItIs.observe(plugin, plugins, pass.where(), pass.pluginId());
        return new Outcome(
            seen,
            seen.problem() != null
                ? afterProblem()
                : "PROCESSING".equals(seen.phase()) ? Duration.ofSeconds(2) : pollInterval);
      }
      String identity = archives.identity(spec.getArchive());
      String fingerprint = PluginVersions.fingerprint(identity, spec);
      keepCached(uid, spec.getArchive());
      if (transfers.running(uid, UPLOAD + fingerprint)) {
        return transferring(pass); // nothing to ask Confluent until the upload has finished
      }
      CustomPlugins plugins =
          backends.remember(
              uid, backends.customPlugins(target, plugin.getMetadata().getNamespace()));
      Problem refusedBefore = refused.get(uid + "/" + fingerprint);
      if (refusedBefore != null) {
        return blocked(pass, refusedBefore);
      }
      Optional<CustomPlugins.Plugin> remote =
          pass.pluginId() == null ? Optional.empty() : plugins.plugin(pass.pluginId());
      if (pass.pluginId() != null && remote.isEmpty()) {
        log.info(
            "Plugin {} of {}/{} is gone from {}: creating it again",
            pass.pluginId(),
            plugin.getMetadata().getNamespace(),
            plugin.getMetadata().getName(),
            pass.where());
        pass = pass.with(null);
      }
      Optional<String> pluginId =
          ensurePlugin(plugin, plugins, remote, pass.where(), fingerprint, mark);
      if (pluginId.isEmpty()) {
        return blocked(pass.with(null), nameTaken(plugin, plugins));
      }
      pass = pass.with(pluginId.get());
      List<CustomPlugins.Version> versions = plugins.versions(pass.pluginId());
      CustomPlugins.Version current =
          versions.stream()
              .filter(v -> v.version().endsWith("+" + fingerprint))
              .reduce((first, second) -> second)
              .orElse(null);
      String sha = pass.sha();
      if (current == null) {
        Upload upload = upload(plugin, pass.pluginId(), fingerprint, plugins);
        if (upload.refused() != null) {
          refused.put(uid + "/" + fingerprint, upload.refused());
          return blocked(pass, upload.refused());
        }
        current = upload.version();
        sha = upload.sha256();
      } else if (identity.startsWith("sha256:")) {
        sha = identity.substring("sha256:".length());
      }
      if (current.phase().equals("READY")) {
        removeStaleVersions(plugins, pass.pluginId(), versions, current);
      }
      refused.keySet().removeIf(key -> key.startsWith(uid + "/"));
      return new Outcome(
          new PluginObservation.OnConfluentCloud(
              pass.where(),
              pass.pluginId(),
              current.version(),
              current.phase(),
              current.errorMessage(),
              sha,
              null),
          current.phase().equals("PROCESSING") ? Duration.ofSeconds(2) : pollInterval);
    } catch (StillTransferring e) {
      return transferring(pass);
    } catch (MissingSecretException e) {
      return blocked(pass, new Problem(Reason.SecretNotFound, e.getMessage()));
    } catch (Backends.UnsupportedTargetException e) {
      return blocked(pass, new Problem(e.reason(), e.getMessage()));
    } catch (PluginArchives.ArchiveException e) {
      return blocked(pass, new Problem(e.reason(), e.getMessage()));
    } catch (BackendException e) {
      return blocked(pass, problem(e));
    }
  }

  /**
   * The plugin's id: the one in status while it exists (its name and description kept current),
   * else a same-named plugin this resource created or may adopt, else a new one, created only after
   * its archive was verified (a bad archive leaves nothing behind on Confluent). Empty when the
   * name belongs to someone else.
   */
  private Optional<String> ensurePlugin(
      ConnectorPlugin plugin,
      CustomPlugins plugins,
      Optional<CustomPlugins.Plugin> remote,
      String where,
      String fingerprint,
      CreationMark mark)
      throws PluginArchives.ArchiveException, StillTransferring {
    ConnectorPluginSpec spec = plugin.getSpec();
    String uid = plugin.getMetadata().getUid();
    String description = PluginVersions.description(spec, uid);
    if (remote.isPresent()) {
      if (!remote.get().displayName().equals(spec.getDisplayName())
          || !remote.get().description().equals(description)) {
        plugins.updatePlugin(remote.get().id(), spec.getDisplayName(), description);
      }
      return Optional.of(remote.get().id());
    }
    Optional<CustomPlugins.Plugin> sameName = sameName(plugins, spec.getDisplayName());
    if (sameName.isPresent()) {
      boolean ours = wasCreating(plugin) && PluginVersions.owned(sameName.get(), uid);
      if (!ours && !Annotations.isTrue(plugin, Annotations.ADOPT)) {
        return Optional.empty();
      }
      log.info(
          "Taking over plugin {} ('{}') in {}{}",
          sameName.get().id(),
          spec.getDisplayName(),
          where,
          ours ? ", created by this resource before" : "");
      return Optional.of(sameName.get().id());
    }
    // Verified before the plugin is created: a bad archive leaves nothing behind on Confluent.
    transfers
        .result(uid, VERIFY + fingerprint, () -> archives.fetch(spec.getArchive()))
        .orElseThrow(StillTransferring::new);
    mark.set("Creating plugin '" + spec.getDisplayName() + "' in " + where);
    String id;
    try {
      id = plugins.createPlugin(spec.getDisplayName(), description).id();
    } catch (BackendException e) {
      if (!e.retriable()) {
        // A definite no (a quota, a refused name): nothing was created, nothing to find again.
        mark.clear();
      }
      throw e;
    }
    log.info("Created plugin {} ('{}') in {}", id, spec.getDisplayName(), where);
    return Optional.of(id);
  }

  /** A version uploaded, or refused (why, and not to be tried again until the spec changes). */
  private record Upload(CustomPlugins.Version version, String sha256, Problem refused) {}

  private static final String VERIFY = "verify ";
  private static final String UPLOAD = "upload ";

  /** The archive fetched and uploaded as a new version, off the reconcile thread. */
  private Upload upload(
      ConnectorPlugin plugin, String pluginId, String fingerprint, CustomPlugins plugins)
      throws PluginArchives.ArchiveException, StillTransferring {
    ConnectorPluginSpec spec = plugin.getSpec();
    return transfers
        .result(
            plugin.getMetadata().getUid(),
            UPLOAD + fingerprint,
            () -> {
              PluginArchives.Fetched archive = archives.fetch(spec.getArchive());
              CustomPlugins.VersionSpec declared =
                  PluginVersions.declaration(spec, archive.version(), fingerprint);
              log.info(
                  "Uploading {} ({}) as version {} of plugin {}",
                  archive.file().getFileName(),
                  archive.sha256(),
                  declared.version(),
                  pluginId);
              try {
                return new Upload(
                    plugins.createVersion(pluginId, declared, archive.file()),
                    archive.sha256(),
                    null);
              } catch (BackendException e) {
                if (!refusal(e)) {
                  throw e;
                }
                return new Upload(
                    null,
                    null,
                    new Problem(
                        Reason.ConfigRejected,
                        "Confluent Cloud refused version "
                            + declared.version()
                            + " of plugin "
                            + pluginId
                            + ": "
                            + e.getMessage()
                            + ". Change the spec to try again"));
              }
            })
        .orElseThrow(StillTransferring::new);
  }

  /**
   * Notes the archive this resource's spec names; when a spec names another archive than before,
   * the cache drops the archives no resource names any more. (A resource seen for the first time
   * does not tidy: right after a start the others may not have been seen yet.)
   */
  private void keepCached(String uid, PluginArchive archive) {
    PluginArchive before = archiveInUse.put(uid, archive);
    if (before != null && !before.equals(archive)) {
      archives.keepOnly(archiveInUse.values());
    }
  }

  private static Problem nameTaken(ConnectorPlugin plugin, CustomPlugins plugins) {
    String name = plugin.getSpec().getDisplayName();
    return new Problem(
        Reason.NameTaken,
        "A plugin named '"
            + name
            + "' already exists in "
            + plugin.getSpec().getTarget().getConfluentCloud().getEnvironment()
            + sameName(plugins, name).map(p -> " (" + p.id() + ")").orElse("")
            + ": choose another spec.displayName, delete that plugin, or annotate this resource"
            + " with "
            + Annotations.ADOPT
            + "=true to take it over");
  }

  private static Optional<CustomPlugins.Plugin> sameName(CustomPlugins plugins, String name) {
    return plugins.plugins().stream().filter(p -> p.displayName().equals(name)).findFirst();
  }

  /**
   * Deletes the plugin's versions, then the plugin; empty when it is gone, else why not yet (a
   * version that connectors outside this cluster still run cannot be deleted).
   */
  @Override
  public Optional<String> delete(ConnectorPlugin plugin) {
    ConfluentCloudTarget target = plugin.getSpec().getTarget().getConfluentCloud();
    String pluginId = plugin.getStatus() == null ? null : plugin.getStatus().getPluginId();
    if (backends.isCleanedUp(plugin.getMetadata().getUid())) {
      return Optional.empty(); // deleted before; only the finalizer's removal failed
    }
    if (!transfers.stop(plugin.getMetadata().getUid())) {
      // An upload that finished after the versions were listed would be left behind.
      return Optional.of("Stopping the archive transfer in progress before deleting the plugin");
    }
    if (archiveInUse.remove(plugin.getMetadata().getUid()) != null) {
      archives.keepOnly(archiveInUse.values());
    }
    if (pluginId == null && !wasCreating(plugin)) {
      backends.cleanedUp(plugin.getMetadata().getUid());
      return Optional.empty(); // nothing was ever created for this resource
    }
    try {
      CustomPlugins plugins;
      try {
        plugins = backends.customPlugins(target, plugin.getMetadata().getNamespace());
      } catch (MissingSecretException e) {
        // Deleting a namespace deletes its Secrets too, often first: the client last used for this
        // resource still holds the Cloud API key.
        plugins =
            backends
                .lastUsed(plugin.getMetadata().getUid(), CustomPlugins.class)
                .orElseThrow(() -> e);
      }
      if (pluginId == null && wasCreating(plugin)) {
        pluginId =
            sameName(plugins, plugin.getSpec().getDisplayName())
                .filter(p -> PluginVersions.owned(p, plugin.getMetadata().getUid()))
                .map(CustomPlugins.Plugin::id)
                .orElse(null);
      }
      if (pluginId == null || plugins.plugin(pluginId).isEmpty()) {
        backends.cleanedUp(plugin.getMetadata().getUid());
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
        if (versions.isEmpty() || !refusal(e)) {
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
      backends.cleanedUp(plugin.getMetadata().getUid());
      return Optional.empty();
    } catch (MissingSecretException | Backends.UnsupportedTargetException e) {
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
      if (!refusal(e)) {
        throw e;
      }
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
  }

  /**
   * Older versions this operator uploaded go once the current one is READY (Confluent refuses to
   * delete a version connectors still run; it is tried again on a later reconcile). Versions
   * uploaded by others, on an adopted plugin, stay.
   */
  private static void removeStaleVersions(
      CustomPlugins plugins,
      String pluginId,
      List<CustomPlugins.Version> versions,
      CustomPlugins.Version current) {
    for (CustomPlugins.Version version : versions) {
      if (version.id().equals(current.id()) || !PluginVersions.ours(version)) {
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
        if (!refusal(e)) {
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

  /** Confluent said no to this request (400/422, or 409): repeating it will not help. */
  private static boolean refusal(BackendException e) {
    return e.kind() == BackendException.Kind.REJECTED || e.kind() == BackendException.Kind.CONFLICT;
  }

  /** Whether this resource marked itself just before creating its plugin, and has no id yet. */
  static boolean wasCreating(ConnectorPlugin plugin) {
    return (plugin.getStatus() == null || plugin.getStatus().getPluginId() == null)
        && Annotations.isTrue(plugin, Annotations.CREATING_PLUGIN);
  }

  /** An archive transfer is under way: its status says so, and nothing else was asked. */
  private static Outcome transferring(Pass pass) {
    return new Outcome(
        new PluginObservation.OnConfluentCloud(
            pass.where(), pass.pluginId(), null, null, null, pass.sha(), null),
        WHILE_TRANSFERRING);
  }

  private Outcome blocked(Pass pass, Problem problem) {
    return new Outcome(
        new PluginObservation.OnConfluentCloud(
            pass.where(), pass.pluginId(), null, null, null, pass.sha(), problem),
        afterProblem());
  }

  /** When to look again at a plugin that something blocks: soon, at most 10 s. */
  private Duration afterProblem() {
    return pollInterval.compareTo(Duration.ofSeconds(10)) < 0
        ? pollInterval
        : Duration.ofSeconds(10);
  }

  private static Problem problem(BackendException e) {
    return switch (e.kind()) {
      case REJECTED, NOT_FOUND -> new Problem(Reason.ConfigRejected, e.getMessage());
      default ->
          Problem.of(
              e,
              "Check the Cloud API key in spec.target.confluentCloud.credentialsSecretRef (a Cloud"
                  + " API key, not a Kafka cluster key)");
    };
  }
}
