package io.customconnectors.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.customconnectors.operator.api.v1alpha1.BundledArchive;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.archive.PluginArchives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator image as `package` writes it (target/jib-image.tar, Jib on the empty base {@code
 * scratch}): its config and the files this project adds, read from the tar without Docker.
 */
class OperatorImageIT {

  private static final String VERSION = System.getProperty("project.version");
  private static final OperatorSettings DEFAULTS = OperatorSettings.fromEnvironment(Map.of());

  private static ImageTar image;

  @BeforeAll
  static void readImage() throws IOException {
    image = ImageTar.read(Path.of(System.getProperty("image.tar")));
  }

  @Test
  void startsOperatorMainOnTheClasspathJibLaysOut() {
    assertThat(image.strings("Entrypoint"))
        .containsExactly("java", "-cp", "@/app/jib-classpath-file", OperatorMain.class.getName());
    assertThat(image.config().path("Cmd")).as("no Cmd: the entrypoint is complete").isEmpty();
    assertThat(image.files().keySet())
        .contains("/app/classes/" + OperatorMain.class.getName().replace('.', '/') + ".class");

    List<String> classpath =
        Arrays.asList(
            new String(image.file("/app/jib-classpath-file"), StandardCharsets.UTF_8)
                .trim()
                .split(":"));
    assertThat(classpath).startsWith("/app/resources", "/app/classes");
    List<String> libs = classpath.subList(2, classpath.size());
    assertThat(libs)
        .as("every classpath jar is in the image")
        .allSatisfy(jar -> assertThat(image.files().keySet()).contains(jar));
    assertThat(libs)
        .as("the runtime dependencies, with the log backend and without build-time ones")
        .anySatisfy(jar -> assertThat(jar).startsWith("/app/libs/operator-framework-core-"))
        .anySatisfy(jar -> assertThat(jar).startsWith("/app/libs/kafka-clients-"))
        .anySatisfy(jar -> assertThat(jar).startsWith("/app/libs/slf4j-simple-"))
        .noneSatisfy(jar -> assertThat(jar).contains("lombok"))
        .noneSatisfy(jar -> assertThat(jar).contains("junit"));
  }

  @Test
  void runsAsTheChartsNonRootUserAndExposesTheHealthPort() {
    assertThat(image.config().path("User").asText())
        .as("the chart's podSecurityContext runAsUser:runAsGroup")
        .isEqualTo("65532:65532");
    assertThat(image.config().path("ExposedPorts").has(DEFAULTS.healthPort() + "/tcp"))
        .as("HEALTH_PORT's default")
        .isTrue();
  }

  @Test
  void carriesOpenContainerLabels() {
    JsonNode labels = image.config().path("Labels");

    assertThat(labels.path("org.opencontainers.image.title").asText())
        .isEqualTo("Custom Connector Operator");
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    assertThat(labels.path("org.opencontainers.image.source").asText())
        .isEqualTo("https://github.com/customconnectors/custom-connector-operator");
  }

  @Test
  void shipsTheConnectorZipWhereTheOperatorLooksForBundledArchives(@TempDir Path tmp)
      throws Exception {
    Path bundledArchives = DEFAULTS.bundledArchives();
    byte[] inImage = image.file(bundledArchives.resolve("dynamodb-source.zip").toString());
    byte[] built = Files.readAllBytes(Path.of(System.getProperty("image.bundled.zip")));
    assertThat(sha256(inImage))
        .as("the connector ZIP the build resolved, byte for byte")
        .isEqualTo(sha256(built));

    // The operator's own lookup, on the image's archives directory laid out on disk.
    Path archivesDir = tmp.resolve("archives");
    Files.createDirectories(archivesDir);
    for (Map.Entry<String, byte[]> file : image.files().entrySet()) {
      if (file.getKey().startsWith(bundledArchives + "/")) {
        Files.write(
            archivesDir.resolve(file.getKey().substring(bundledArchives.toString().length() + 1)),
            file.getValue());
      }
    }
    PluginArchive archive = new PluginArchive();
    archive.setBundled(BundledArchive.DYNAMODB_SOURCE);
    PluginArchives.Fetched fetched =
        new PluginArchives(archivesDir, tmp.resolve("cache")).fetch(archive);
    assertThat(fetched.version())
        .as("the Confluent Hub manifest's version: the connector of this build")
        .isEqualTo(VERSION);
  }

  private static String sha256(byte[] content) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  /**
   * A docker-load-able image tar as Jib's buildTar writes it: manifest.json naming the config JSON
   * and the gzipped layer tars, applied in order (a later layer's file replaces an earlier one's).
   */
  record ImageTar(JsonNode config, Map<String, byte[]> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ImageTar read(Path tar) throws IOException {
      Map<String, byte[]> entries;
      try (InputStream in = Files.newInputStream(tar)) {
        entries = regularFiles(in);
      }
      JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
      JsonNode config = JSON.readTree(entries.get(manifest.get("Config").asText()));
      Map<String, byte[]> files = new TreeMap<>();
      for (JsonNode layer : manifest.get("Layers")) {
        byte[] gzipped = entries.get(layer.asText());
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
          regularFiles(in).forEach((name, content) -> files.put("/" + name, content));
        }
      }
      return new ImageTar(config.get("config"), files);
    }

    byte[] file(String path) {
      assertThat(files.keySet()).as("files in the image").contains(path);
      return files.get(path);
    }

    List<String> strings(String configField) {
      return JSON.convertValue(
          config.path(configField),
          JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static Map<String, byte[]> regularFiles(InputStream tar) throws IOException {
      Map<String, byte[]> files = new HashMap<>();
      TarArchiveInputStream entries = new TarArchiveInputStream(tar);
      for (TarArchiveEntry entry; (entry = entries.getNextEntry()) != null; ) {
        if (entry.isFile()) {
          files.put(entry.getName(), entries.readAllBytes());
        }
      }
      return files;
    }
  }
}
