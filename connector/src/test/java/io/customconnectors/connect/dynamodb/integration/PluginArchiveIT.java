package io.customconnectors.connect.dynamodb.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The archive the walkthrough uploads: Confluent Hub layout, a manifest with the real version,
 * every runtime jar and none of the worker's own. The plugin directory holds the same files.
 */
class PluginArchiveIT {

  private static final Path ZIP = Path.of(System.getProperty("plugin.zip"));
  private static final Path DIR = Path.of(System.getProperty("plugin.dir"));
  private static final String NAME = System.getProperty("plugin.name");

  @Test
  void zipHasTheConfluentHubLayoutUnderOneFolder() throws IOException {
    List<String> entries = entries();

    assertThat(entries).allSatisfy(entry -> assertThat(entry).startsWith(NAME + "/"));
    assertThat(entries)
        .contains(
            NAME + "/manifest.json",
            NAME + "/etc/dynamodb-source-supermarket.properties",
            NAME + "/doc/README.md",
            NAME + "/doc/LICENSE",
            NAME + "/assets/dynamodb-source.svg");
    assertThat(entries)
        .anyMatch(entry -> entry.matches(NAME + "/lib/kafka-connect-dynamodb-.*\\.jar"));
  }

  @Test
  void libHoldsTheRuntimeJarsButNotTheWorkersOwn() throws IOException {
    List<String> jars =
        entries().stream()
            .filter(entry -> entry.startsWith(NAME + "/lib/"))
            .map(e -> e.substring(e.lastIndexOf('/') + 1))
            .toList();

    assertThat(jars).anyMatch(jar -> jar.startsWith("dynamodb-2."));
    assertThat(jars).anyMatch(jar -> jar.startsWith("resourcegroupstaggingapi-2."));
    assertThat(jars).anyMatch(jar -> jar.startsWith("sts-2."));
    assertThat(jars).anyMatch(jar -> jar.startsWith("apache-client-2."));
    assertThat(jars)
        .noneMatch(jar -> jar.startsWith("connect-api"))
        .noneMatch(jar -> jar.startsWith("kafka-clients"))
        .noneMatch(jar -> jar.startsWith("slf4j-api"))
        .noneMatch(jar -> jar.startsWith("netty"));
  }

  @Test
  void manifestDescribesTheSourceConnectorWithItsBuildVersion() throws IOException {
    JsonNode manifest;
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      manifest = TestBed.JSON.readTree(zip.getInputStream(zip.getEntry(NAME + "/manifest.json")));
    }

    assertThat(manifest.path("name").asText()).isEqualTo("kafka-connect-dynamodb");
    assertThat(NAME).endsWith("-" + manifest.path("version").asText());
    assertThat(manifest.path("version").asText()).doesNotContain("${");
    assertThat(manifest.path("component_types"))
        .extracting(JsonNode::asText)
        .containsExactly("source");
    assertThat(manifest.path("owner").path("username").asText()).isEqualTo("customconnectors");
    assertThat(manifest.path("license").get(0).path("name").asText())
        .isEqualTo("Apache License 2.0");
  }

  @Test
  void pluginDirectoryHoldsExactlyTheZipContent() throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(DIR)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              file -> files.add(NAME + "/" + DIR.relativize(file).toString().replace('\\', '/')));
    }
    List<String> zipFiles = entries().stream().filter(entry -> !entry.endsWith("/")).toList();

    assertThat(files).containsExactlyInAnyOrderElementsOf(zipFiles);
  }

  private static List<String> entries() throws IOException {
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
  }
}
