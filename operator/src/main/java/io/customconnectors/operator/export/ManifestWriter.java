package io.customconnectors.operator.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Exported files as YAML: a comment saying where it came from and what applying it does, each
 * Secret template (keys with empty values, each with a comment saying what to fill in), then the
 * resource. Secret templates are written by hand: YAML libraries write no comments.
 */
final class ManifestWriter {

  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .build())
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final String origin;

  /** {@code origin}: where the export read from, e.g. {@code connect/connect:8083}. */
  ManifestWriter(String origin) {
    this.origin = origin;
  }

  Path write(Path directory, ExportedFile file) {
    Path path = directory.resolve(file.fileName());
    try {
      Files.createDirectories(directory);
      Files.writeString(path, render(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
    return path;
  }

  String render(ExportedFile file) {
    StringBuilder text = new StringBuilder();
    text.append("# Exported from ")
        .append(origin)
        .append(": ")
        .append(file.resource().getKind())
        .append(' ')
        .append(file.resource().getMetadata().getName())
        .append(".\n");
    comment(
        text,
        "customconnectors.io/adopt=true: applying this takes over what runs now. Nothing is written"
            + " to it as long as this spec (with the Secret values filled in) is what it runs.");
    for (String note : file.notes()) {
      comment(text, note);
    }
    for (SecretTemplate secret : file.secrets()) {
      text.append("---\n");
      secret(text, secret);
    }
    text.append("---\n");
    text.append(yaml(file.resource()));
    return text.toString();
  }

  private static void secret(StringBuilder text, SecretTemplate secret) {
    comment(
        text,
        "Uncomment and fill in every key before applying: the exporter never writes secret"
            + " values. A key left commented out is missing, and the connector waits with"
            + " SecretNotFound instead of getting an empty value.");
    text.append("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ").append(secret.name());
    text.append('\n');
    if (secret.namespace() != null) {
      text.append("  namespace: ").append(secret.namespace()).append('\n');
    }
    text.append("type: Opaque\nstringData:\n");
    for (Map.Entry<String, String> key :
        secret.hintByKey().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      text.append("  # ").append(oneLine(key.getValue())).append('\n');
      // Secret keys are [-._a-zA-Z0-9]+: quoted as they are, a key never needs escaping.
      text.append("  # \"").append(key.getKey()).append("\": \"\"\n");
    }
  }

  private static void comment(StringBuilder text, String comment) {
    for (String line : wrap(oneLine(comment), 98)) {
      text.append("# ").append(line).append('\n');
    }
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  static String yaml(Object resource) {
    try {
      return YAML.writeValueAsString(resource);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + resource.getClass().getSimpleName(), e);
    }
  }
}
