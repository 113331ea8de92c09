package io.customconnectors.testkit.ccloud;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Plugin archives for the emulator's tests, built from Kafka's own FileStream source connector: a
 * valid Confluent Hub style ZIP, and the broken ones Confluent refuses.
 */
final class PluginArchives {

  static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";

  private PluginArchives() {}

  /** {@code manifest.json} and {@code lib/connect-file-*.jar}: what a real upload looks like. */
  static byte[] fileSourceZip() {
    return zip(true, true);
  }

  static byte[] withoutManifest() {
    return zip(false, true);
  }

  static byte[] withoutJars() {
    return zip(true, false);
  }

  static byte[] fileSourceJar() {
    try {
      return Files.readAllBytes(connectFileJar());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] notAnArchive() {
    return "this is not a zip".getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] zip(boolean manifest, boolean jars) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      String root = "emulator-file-source-1.0.0/";
      if (manifest) {
        zip.putNextEntry(new ZipEntry(root + "manifest.json"));
        zip.write(
            """
            {"name":"emulator-file-source","version":"1.0.0","title":"File source",
             "owner":{"username":"customconnectors"},"component_types":["source"]}
            """
                .getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry(root + "doc/README.md"));
      zip.write("FileStream source connector".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      if (jars) {
        Path jar = connectFileJar();
        zip.putNextEntry(new ZipEntry(root + "lib/" + jar.getFileName()));
        zip.write(Files.readAllBytes(jar));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The connect-file JAR on the test classpath (not loaded: connect-api is not on it). */
  private static Path connectFileJar() {
    URL clazz = PluginArchives.class.getResource("/" + FILE_SOURCE.replace('.', '/') + ".class");
    if (clazz == null) {
      throw new IllegalStateException("org.apache.kafka:connect-file is not on the test classpath");
    }
    try {
      return Path.of(((JarURLConnection) clazz.openConnection()).getJarFileURL().toURI());
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
