package io.customconnectors.testkit.ccloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts uploaded archives into the Connect worker's plugin.path, one directory per plugin version;
 * the worker must restart to load a new one.
 */
final class WorkerPlugins {

  private final Path pluginPath;

  WorkerPlugins(Path pluginPath) {
    this.pluginPath = pluginPath;
  }

  /** Installs the archive unless it already is; true when the worker has to restart to see it. */
  synchronized boolean install(PluginCatalog.Runnable plugin) {
    Path dir = pluginPath.resolve("ccloud-" + plugin.cacheKey());
    if (Files.isDirectory(dir)) {
      return false;
    }
    try {
      Path staging = Files.createTempDirectory(pluginPath, ".staging");
      if (plugin.contentFormat().equals("JAR")) {
        Files.write(staging.resolve("plugin.jar"), plugin.archive());
      } else {
        unzip(plugin.archive(), staging);
      }
      Files.move(staging, dir);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void unzip(byte[] archive, Path into) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("archive entry outside the plugin directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
