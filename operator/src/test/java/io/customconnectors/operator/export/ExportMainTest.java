package io.customconnectors.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.backend.kafkaconnect.FakeKafkaConnect;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectConnection;

class ExportMainTest {

  private static final String SECRET = "wJalrXUtnFEMI-main-SECRET";

  @TempDir Path out;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private FakeKafkaConnect connect;

  @AfterEach
  void close() {
    if (connect != null) {
      connect.close();
    }
  }

  private int run(Map<String, String> env, String... args) {
    return ExportMain.run(
        args,
        env,
        new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  static Stream<Arguments> wrongArguments() {
    Map<String, String> cloudKey =
        Map.of("CONFLUENT_CLOUD_API_KEY", "K", "CONFLUENT_CLOUD_API_SECRET", "S");
    return Stream.of(
        Arguments.of(Map.of(), new String[] {}, "Give exactly one of --kafka-connect"),
        Arguments.of(
            Map.of(),
            new String[] {"--kafka-connect", "http://c:8083", "--confluent-cloud", "--out", "x"},
            "Give exactly one of --kafka-connect"),
        Arguments.of(
            Map.of(), new String[] {"--kafka-connect", "http://c:8083"}, "--out DIR is required"),
        Arguments.of(
            Map.of(),
            new String[] {"--kafka-connect", "--out", "x"},
            "--kafka-connect needs a value"),
        Arguments.of(
            Map.of(),
            new String[] {"--kafka-connect", "connect:8083", "--out", "x"},
            "--kafka-connect must be an http(s) URL"),
        Arguments.of(
            Map.of(),
            new String[] {"--kafka-connect", "http://c:8083", "--out", "x", "--bogus"},
            "Unknown argument '--bogus'"),
        Arguments.of(
            Map.of(),
            new String[] {"--kafka-connect", "http://c:8083", "--out", "x", "--cluster", "lkc-1"},
            "--cluster goes with --confluent-cloud only"),
        Arguments.of(
            Map.of("KAFKA_CONNECT_USERNAME", "u"),
            new String[] {"--kafka-connect", "http://c:8083", "--out", "x"},
            "Set both KAFKA_CONNECT_USERNAME and KAFKA_CONNECT_PASSWORD"),
        Arguments.of(
            Map.of(),
            new String[] {
              "--kafka-connect", "http://c:8083", "--out", "x", "--namespace", "Retail"
            },
            "--namespace 'Retail' is no Kubernetes namespace name"),
        Arguments.of(
            cloudKey,
            new String[] {"--confluent-cloud", "--cluster", "lkc-1", "--out", "x"},
            "--confluent-cloud needs --environment env-ID"),
        Arguments.of(
            cloudKey,
            new String[] {"--confluent-cloud", "--environment", "env-1", "--out", "x"},
            "--confluent-cloud needs --cluster lkc-ID"),
        Arguments.of(
            Map.of(),
            new String[] {
              "--confluent-cloud", "--environment", "env-1", "--cluster", "lkc-1", "--out", "x"
            },
            "Set CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET"),
        Arguments.of(
            cloudKey,
            new String[] {
              "--confluent-cloud",
              "--environment",
              "env-1",
              "--cluster",
              "lkc-1",
              "--cloud",
              "IBM",
              "--out",
              "x"
            },
            "--cloud must be AWS, GCP or AZURE"));
  }

  @ParameterizedTest
  @MethodSource("wrongArguments")
  void wrongArgumentsExitWithTwoAndSayWhatIsWrong(
      Map<String, String> env, String[] args, String message) {
    assertThat(run(env, args)).isEqualTo(ExportMain.USAGE);
    assertThat(err()).startsWith("export: " + message).contains("Usage: ExportMain");
  }

  @Test
  void helpPrintsTheUsage() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("--kafka-connect URL");
  }

  @Test
  void aKafkaConnectClusterIsExportedByReadingOnlyAndNoSecretIsWrittenOrPrinted() throws Exception {
    connect = new FakeKafkaConnect();
    connect.declarePasswords("aws.secret.key");
    KafkaConnectBackend backend =
        new KafkaConnectBackend(
            KafkaConnectConnection.plain(connect.url().toString()), Retrying.standard());
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.customconnectors.connect.dynamodb.DynamoDbSourceConnector");
    config.put("tasks.max", "1");
    config.put("aws.region", "us-east-2");
    config.put("aws.secret.key", SECRET);
    backend.create("Orders Source", config, ConnectorState.PAUSED);
    backend.create("Other", config, ConnectorState.RUNNING);
    long writesBefore = writes();

    int code =
        run(
            Map.of(),
            "--kafka-connect",
            connect.url().toString(),
            "--namespace",
            "retail",
            "--out",
            out.toString(),
            "--connector",
            "Orders Source",
            "--connector",
            "Missing");

    assertThat(code).as(err()).isZero();
    assertThat(writes()).as("the export only reads").isEqualTo(writesBefore);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("orders-source.yaml");
    }
    String written = Files.readString(out.resolve("orders-source.yaml"));
    assertThat(written)
        .doesNotContain(SECRET)
        .contains("connectorName: Orders Source")
        .contains("state: Paused")
        .contains("configKey: aws.secret.key")
        .contains("  # \"aws.secret.key\": \"\"");
    assertThat(stdout.toString(StandardCharsets.UTF_8) + err()).doesNotContain(SECRET);
    assertThat(err()).contains("not found: no connector named 'Missing'");
  }

  @Test
  void anUnreadableClusterExitsWithOne() {
    connect = new FakeKafkaConnect();
    connect.failNext(10, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
    int code =
        run(
            Map.of("KAFKA_CONNECT_USERNAME", "u", "KAFKA_CONNECT_PASSWORD", "p-SECRET-9"),
            "--kafka-connect",
            connect.url().toString(),
            "--out",
            out.toString());
    assertThat(code).isEqualTo(ExportMain.FAILED);
    assertThat(err()).startsWith("export: ").doesNotContain("p-SECRET-9");
  }

  private long writes() {
    return connect.requests().stream()
        .filter(r -> !r.startsWith("GET ") && !r.contains("/config/validate"))
        .count();
  }
}
