package io.customconnectors.operator.export;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudBackend;
import io.customconnectors.operator.backend.confluentcloud.CustomPluginsApi;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.status.Redaction;

/**
 * Exports the connectors someone made in a console or with curl as manifests that adopt them: reads
 * a Kafka Connect cluster or a Confluent Cloud cluster and writes one file per connector (and per
 * custom plugin) to commit and {@code kubectl apply}. Secret values are never written or printed:
 * they become Secret templates to fill in. See {@link ExportArguments#USAGE}.
 */
public final class ExportMain {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private ExportMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** The whole command, with its output streams and environment given: the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      out.print(ExportArguments.USAGE);
      return OK;
    }
    ExportOptions options;
    try {
      options = ExportArguments.parse(args, env);
    } catch (ExportArguments.UsageException e) {
      err.println("export: " + e.getMessage());
      err.println();
      err.print(ExportArguments.USAGE);
      return USAGE;
    }
    List<String> credentials = credentials(options);
    try {
      Reading reading = reader(options);
      ExportResult result = reading.read();
      ManifestWriter writer = new ManifestWriter(reading.origin());
      for (ExportedFile file : result.files()) {
        out.println("wrote " + writer.write(options.out(), file));
      }
      result.skipped().forEach(why -> err.println("skipped " + why));
      options.only().stream()
          .filter(name -> result.files().stream().noneMatch(f -> names(f, name)))
          .filter(name -> result.skipped().stream().noneMatch(s -> s.startsWith(name + ": ")))
          .forEach(name -> err.println("not found: no connector named '" + name + "'"));
      out.println(nextSteps(options, result));
      return OK;
    } catch (BackendException | ExportException | UncheckedIOException e) {
      err.println("export: " + Redaction.redact(e.getMessage(), credentials));
      return FAILED;
    }
  }

  /** One export: where it reads (for the files' header), and the reading itself. */
  private record Reading(String origin, Supplier<ExportResult> reader) {
    ExportResult read() {
      return reader.get();
    }
  }

  private static Reading reader(ExportOptions options) {
    Retrying retrying = Retrying.standard();
    if (options.source() instanceof ExportOptions.FromKafkaConnect connect) {
      KafkaConnectBackend backend = new KafkaConnectBackend(connect.connection(), retrying);
      return new Reading(
          backend.describe(), new KafkaConnectReader(backend, options, connect)::read);
    }
    ExportOptions.FromConfluentCloud cloud = (ExportOptions.FromConfluentCloud) options.source();
    ConfluentCloudBackend backend = new ConfluentCloudBackend(cloud.connection(), retrying);
    CustomPluginsApi plugins = new CustomPluginsApi(cloud.connection().forEnvironment(), retrying);
    return new Reading(
        "ccloud/" + cloud.connection().environment() + "/" + cloud.connection().kafkaCluster(),
        new ConfluentCloudReader(backend, plugins, options, cloud)::read);
  }

  private static boolean names(ExportedFile file, String connectorName) {
    if (!(file.resource() instanceof io.customconnectors.operator.api.v1alpha1.CustomConnector c)) {
      return false;
    }
    return connectorName.equals(
        Optional.ofNullable(c.getSpec().getConnectorName()).orElse(c.getMetadata().getName()));
  }

  /** What the user does next, the Secrets the manifests expect first. */
  private static String nextSteps(ExportOptions options, ExportResult result) {
    if (result.files().isEmpty()) {
      return "Nothing to export.";
    }
    List<String> steps = new ArrayList<>();
    steps.add("Next:");
    steps.add(
        "  1. Fill in every empty value (\"\") of the Secret templates in "
            + options.out()
            + ", or delete a template and create that Secret another way.");
    String existing =
        options.source() instanceof ExportOptions.FromConfluentCloud cloud
            ? "Secret " + cloud.apiKeySecret() + " (a Cloud API key: key, secret)"
            : options.source() instanceof ExportOptions.FromKafkaConnect connect
                    && connect.basicAuthSecret() != null
                ? "Secret " + connect.basicAuthSecret() + " (username, password)"
                : null;
    if (existing != null) {
      steps.add("  2. Make sure " + existing + " exists in the namespace.");
    }
    String namespace = options.namespace() == null ? " -n <namespace>" : "";
    steps.add(
        "  "
            + (existing == null ? 2 : 3)
            + ". kubectl apply"
            + namespace
            + " -f "
            + Path.of(options.out().toString())
            + "/ and watch kubectl get cconn: Ready=True, with no config write or restart where"
            + " nothing differs.");
    return String.join(System.lineSeparator(), steps);
  }

  private static List<String> credentials(ExportOptions options) {
    List<String> secrets = new ArrayList<>();
    if (options.source() instanceof ExportOptions.FromKafkaConnect connect) {
      connect.connection().password().ifPresent(secrets::add);
    } else if (options.source() instanceof ExportOptions.FromConfluentCloud cloud) {
      secrets.add(cloud.connection().apiSecret());
    }
    return secrets;
  }
}
