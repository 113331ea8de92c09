package io.customconnectors.operator.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The checked-in CRDs and samples, as the tests read them. */
final class Crds {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Crds() {}

  static Path directory() {
    return Path.of(System.getProperty("crds.dir", "../crds")).toAbsolutePath().normalize();
  }

  static Path samplesDirectory() {
    return Path.of(System.getProperty("samples.dir", "../config/samples"))
        .toAbsolutePath()
        .normalize();
  }

  static Path file(String kind) {
    String plural = kind.toLowerCase() + "s";
    return directory().resolve(plural + "." + ConnectorPlugin.GROUP + "-v1.yml");
  }

  static CustomResourceDefinition definition(String kind) {
    try {
      return Serialization.unmarshal(Files.readString(file(kind)), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The openAPIV3Schema of the kind's only version. */
  static JsonNode schema(String kind) {
    return readYaml(file(kind)).at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every sample manifest of one of our kinds, recursively under config/samples. */
  static List<Path> sampleResources() {
    try (Stream<Path> files = Files.walk(samplesDirectory())) {
      return files
          .filter(path -> path.toString().endsWith(".yaml"))
          .filter(path -> isOurs(readYaml(path)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isOurs(JsonNode manifest) {
    return manifest.path("apiVersion").asText().startsWith(ConnectorPlugin.GROUP + "/");
  }
}
