package io.customconnectors.testkit.ccloud;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;

/** The Confluent Cloud emulator from the command line, for trying the operator by hand. */
public final class EmulatorMain {

  private EmulatorMain() {}

  /**
   * Runs the emulator on its own, with the test bed's Kafka broker and Connect worker (and moto as
   * AWS unless {@code --moto false}), until interrupted. Options, all optional: {@code --port 8090
   * --api-key KEY --api-secret SECRET --environment env-... --cluster lkc-... --region us-east-2
   * --kafka-api-key KEY --kafka-api-secret SECRET --provisioning-delay PT5S --logs-token TOKEN}.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Options are --name value pairs (see the README); not understood: " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    String environment = options.getOrDefault("environment", "env-local1");
    String cluster = options.getOrDefault("cluster", "lkc-local1");
    String kafkaKey = options.getOrDefault("kafka-api-key", "LOCALKAFKAKEY001");
    String kafkaSecret = options.getOrDefault("kafka-api-secret", "local-kafka-secret");
    String apiKey = options.getOrDefault("api-key", "LOCALCLOUDKEY001");
    String apiSecret = options.getOrDefault("api-secret", "local-cloud-secret");
    String logsToken = options.getOrDefault("logs-token", "local-logs-token");
    long started = System.nanoTime();
    KafkaBroker broker = KafkaBroker.shared();
    ConnectWorker worker = ConnectWorker.shared();
    ConfluentCloudEmulator.Builder builder =
        ConfluentCloudEmulator.builder()
            .backedBy(worker, broker)
            .cloudApiKey(apiKey, apiSecret)
            .logsToken(logsToken)
            .kafkaCluster(
                environment,
                cluster,
                "AWS",
                options.getOrDefault("region", "us-east-2"),
                Map.of(kafkaKey, kafkaSecret))
            .provisioningDelay(Duration.parse(options.getOrDefault("provisioning-delay", "PT5S")))
            .port(Integer.parseInt(options.getOrDefault("port", "8090")));
    URI aws = null;
    if (Boolean.parseBoolean(options.getOrDefault("moto", "true"))) {
      aws = MotoServer.shared().endpoint();
      builder.internet(".amazonaws.com", aws);
    }
    long bedReady = System.nanoTime();
    ConfluentCloudEmulator emulator = builder.start();
    long emulatorReady = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
    System.out.printf(
        "Confluent Cloud emulator at %s%n"
            + "  Cloud API key:  %s / %s%n"
            + "  environment:    %s, Kafka cluster %s (Kafka API key %s / %s)%n"
            + "  Kafka:          %s (what connectors' records go to; SASL/PLAIN with the Kafka"
            + " API key: %s)%n"
            + "  Log search:     POST /logs/v1/search with Authorization: Bearer %s%n"
            + "  AWS (moto):     %s%n"
            + "Started in %.1f s (test bed %.1f s, emulator %d ms). Press Ctrl+C to stop.%n",
        emulator.baseUrl(),
        apiKey,
        apiSecret,
        environment,
        cluster,
        kafkaKey,
        kafkaSecret,
        broker.bootstrapServers(),
        emulator.kafkaBootstrap(cluster),
        logsToken,
        aws == null ? "none" : aws,
        (emulatorReady - started) / 1e9,
        (bedReady - started) / 1e9,
        (emulatorReady - bedReady) / 1_000_000);
    Thread.currentThread().join();
  }
}
