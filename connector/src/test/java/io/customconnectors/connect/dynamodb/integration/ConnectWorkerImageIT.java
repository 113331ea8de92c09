package io.customconnectors.connect.dynamodb.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Kafka Connect worker image as `package` writes it (target/jib-image.tar, Jib on the empty
 * base {@code scratch} instead of apache/kafka): its config and the files this project adds, read
 * from the tar without Docker, and checked against src/main/docker/Dockerfile.
 */
class ConnectWorkerImageIT {

  private static final String PLUGINS = "/opt/kafka/plugins";
  private static final String WORKER_PROPERTIES = "/etc/kafka-connect/worker.properties";
  private static final String JMX_AGENT = "/opt/jmx-exporter/jmx_prometheus_javaagent.jar";

  private static ImageTar image;

  @BeforeAll
  static void readImage() throws IOException {
    image = ImageTar.read(Path.of(System.getProperty("image.tar")));
  }

  @Test
  void startsADistributedWorkerOnTheImagesWorkerProperties() {
    assertThat(image.strings("Entrypoint"))
        .containsExactly("/opt/kafka/bin/connect-distributed.sh", WORKER_PROPERTIES);
    assertThat(image.config().path("Cmd")).as("no Cmd: the entrypoint is complete").isEmpty();
    assertThat(image.strings("Env"))
        .as("the group the chart's kafkaConnect.groupId defaults to")
        .contains("CONNECT_GROUP_ID=kafka-connect")
        .as("logs where the worker can write them: Jib makes /opt/kafka root-owned")
        .contains("LOG_DIR=/tmp/kafka-connect-logs");
  }

  @Test
  void runsAsApacheKafkasAppUserAndExposesTheRestPort() throws IOException {
    assertThat(image.config().path("User").asText())
        .as("the chart's kafkaConnect.podSecurityContext runAsUser:runAsGroup")
        .isEqualTo("1000:1000");
    String listener = worker().getProperty("listeners");
    String restPort = listener.substring(listener.lastIndexOf(':') + 1);
    assertThat(restPort).isEqualTo("8083");
    assertThat(image.config().path("ExposedPorts").has(restPort + "/tcp"))
        .as("the worker's REST listener %s is exposed", listener)
        .isTrue();
  }

  @Test
  void carriesOpenContainerLabels() {
    JsonNode labels = image.config().path("Labels");

    assertThat(labels.path("org.opencontainers.image.title").asText())
        .isEqualTo("Kafka Connect with the DynamoDB source connector");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(System.getProperty("project.version"));
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    assertThat(labels.path("org.opencontainers.image.source").asText())
        .isEqualTo("https://github.com/customconnectors/custom-connector-operator");
  }

  @Test
  void carriesTheBuiltPluginDirectoryOnTheWorkersPluginPath() throws IOException {
    assertThat(worker().getProperty("plugin.path")).isEqualTo(PLUGINS);
    Path pluginDir = Path.of(System.getProperty("plugin.dir"));
    String inImage = PLUGINS + "/" + System.getProperty("plugin.name") + "/";

    // Digests, not contents: a failure then lists which jar differs instead of its bytes.
    Map<String, String> built = new TreeMap<>();
    try (Stream<Path> files = Files.walk(pluginDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        built.put(inImage + pluginDir.relativize(file), sha256(Files.readAllBytes(file)));
      }
    }
    Map<String, String> shipped =
        image.files().entrySet().stream()
            .filter(file -> file.getKey().startsWith(PLUGINS + "/"))
            .collect(Collectors.toMap(Map.Entry::getKey, file -> sha256(file.getValue())));

    assertThat(built)
        .as("target/plugin has the connector jar")
        .containsKey(
            inImage
                + "lib/kafka-connect-dynamodb-"
                + System.getProperty("project.version")
                + ".jar");
    assertThat(shipped).as("the plugin directory in the image").isEqualTo(built);
    assertThat(image.files().keySet())
        .as("no Java application layers: the connector is loaded from the plugin path")
        .noneMatch(path -> path.startsWith("/app/"));
  }

  @Test
  void carriesTheModulesWorkerProperties() throws IOException {
    assertThat(new String(image.file(WORKER_PROPERTIES), StandardCharsets.UTF_8))
        .isEqualTo(Files.readString(Path.of(System.getProperty("worker.properties"))));
  }

  @Test
  void carriesThePrometheusJmxExporterAgentWhereTheChartLoadsIt() throws IOException {
    byte[] agent = image.file(JMX_AGENT);

    assertThat(agent).isNotEmpty();
    try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(agent))) {
      Manifest manifest = jar.getManifest();
      assertThat(manifest).as("a jar with a manifest").isNotNull();
      assertThat(manifest.getMainAttributes().getValue("Premain-Class"))
          .as("a java agent")
          .isNotBlank();
    }
  }

  /** The Dockerfile stays a second way to build this image: its settings must be the same. */
  @Test
  void dockerfileDescribesTheSameImage() throws IOException {
    List<String> dockerfile =
        Files.readAllLines(Path.of(System.getProperty("image.context"), "docker", "Dockerfile"));

    assertThat(arguments(dockerfile, "ENTRYPOINT"))
        .singleElement()
        .satisfies(
            entrypoint ->
                assertThat(new ObjectMapper().readValue(entrypoint, String[].class))
                    .containsExactlyElementsOf(image.strings("Entrypoint")));
    assertThat(arguments(dockerfile, "USER")).containsExactly(image.config().path("User").asText());
    assertThat(arguments(dockerfile, "ENV"))
        .containsExactlyInAnyOrderElementsOf(image.strings("Env"));
    assertThat(arguments(dockerfile, "EXPOSE"))
        .allSatisfy(
            port -> assertThat(image.config().path("ExposedPorts").has(port + "/tcp")).isTrue())
        .hasSize(image.config().path("ExposedPorts").size());
    assertThat(arguments(dockerfile, "COPY"))
        .as("every COPY destination is in the image")
        .allSatisfy(
            copy -> {
              String destination = copy.substring(copy.lastIndexOf(' ') + 1);
              assertThat(image.files().keySet()).anyMatch(path -> path.startsWith(destination));
            })
        .isNotEmpty();
  }

  private static List<String> arguments(List<String> dockerfile, String instruction) {
    return dockerfile.stream()
        .filter(line -> line.startsWith(instruction + " "))
        .map(line -> line.substring(instruction.length() + 1).trim())
        .toList();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Properties worker() throws IOException {
    Properties worker = new Properties();
    worker.load(
        new StringReader(new String(image.file(WORKER_PROPERTIES), StandardCharsets.UTF_8)));
    return worker;
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
