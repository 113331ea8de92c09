package io.customconnectors.testkit.ccloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What the emulator checks in an uploaded plugin: a ZIP must be a Confluent Hub component archive
 * ({@code manifest.json} and JARs under {@code lib/}), a JAR must be a JAR, and each connector
 * class the plugin names must be in one of the JARs.
 */
final class ArchiveCheck {

  static final String PREFIX = "Version creation failed due to invalid plugin archive: ";

  private ArchiveCheck() {}

  /**
   * What is wrong with the archive, if anything, in the words ccpm's {@code error_message} uses.
   */
  static Optional<String> problem(byte[] archive, String format, List<String> classes) {
    try {
      Set<String> found = new HashSet<>();
      if (format.equals("JAR")) {
        if (!collectClasses(archive, found)) {
          return Optional.of(PREFIX + "the file is not a JAR");
        }
      } else {
        Optional<String> zipProblem = zipClasses(archive, found);
        if (zipProblem.isPresent()) {
          return zipProblem;
        }
      }
      for (String type : classes) {
        if (!found.contains(type)) {
          return Optional.of(
              PREFIX + "class " + type + " was not found in the archive's JAR files");
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(PREFIX + "the archive cannot be read (" + e.getMessage() + ")");
    }
  }

  private static Optional<String> zipClasses(byte[] archive, Set<String> found) throws IOException {
    boolean manifest = false;
    List<byte[]> jars = new ArrayList<>();
    boolean entries = false;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries = true;
        String name = entry.getName();
        String[] parts = name.split("/");
        if (name.endsWith("manifest.json") && parts.length <= 2) {
          manifest = true;
        }
        if (name.endsWith(".jar") && name.contains("lib/")) {
          jars.add(zip.readAllBytes());
        }
      }
    }
    if (!entries) {
      return Optional.of(PREFIX + "the file is not a ZIP archive");
    }
    if (!manifest) {
      return Optional.of(
          PREFIX + "manifest.json is missing (a Confluent Hub archive has one at its top)");
    }
    if (jars.isEmpty()) {
      return Optional.of(PREFIX + "there are no JAR files under lib/");
    }
    for (byte[] jar : jars) {
      collectClasses(jar, found);
    }
    return Optional.empty();
  }

  /** Adds the class names of a JAR; false when the bytes are not a ZIP/JAR at all. */
  private static boolean collectClasses(byte[] jar, Set<String> found) throws IOException {
    boolean any = false;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        any = true;
        if (entry.getName().endsWith(".class")) {
          found.add(entry.getName().replace('/', '.').replaceAll("\\.class$", ""));
        }
      }
    }
    return any;
  }
}
