package io.customconnectors.connect.dynamodb.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

/**
 * The in-cluster Connect image, checked without Docker: the Dockerfile's COPY instructions are
 * applied to a directory standing in for the image's filesystem, and the connector is loaded from
 * there the way the worker would load it from {@code plugin.path}.
 */
class ImageLayoutIT {

  private static final Path CONTEXT = Path.of(System.getProperty("image.context"));

  @Test
  void dockerfileBuildsOnApacheKafkaOfTheBuildsKafkaVersion() throws IOException {
    List<String> from = instructions("FROM");

    assertThat(from).containsExactly("apache/kafka:" + System.getProperty("kafka.version"));
  }

  @Test
  void imageFilesystemCarriesAPluginTheWorkerCanLoad(@org.junit.jupiter.api.io.TempDir Path root)
      throws Exception {
    for (String copy : instructions("COPY")) {
      String[] parts = copy.replaceAll("--\\S+\\s+", "").trim().split("\\s+");
      Path source = CONTEXT.resolve(parts[0]);
      Path target = root.resolve(parts[1].substring(1));
      assertThat(source).as("COPY source %s in the build context", parts[0]).exists();
      copy(source, target);
    }

    Properties worker = new Properties();
    try (var in = Files.newInputStream(root.resolve("etc/kafka-connect/worker.properties"))) {
      worker.load(in);
    }
    Path pluginPath = root.resolve(worker.getProperty("plugin.path").substring(1));
    Path plugin;
    try (Stream<Path> plugins = Files.list(pluginPath)) {
      plugin = plugins.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> lib = Files.list(plugin.resolve("lib"))) {
      for (Path jar : lib.toList()) {
        jars.add(jar.toUri().toURL());
      }
    }

    try (URLClassLoader loader = new PluginLoader(jars.toArray(URL[]::new))) {
      Class<?> type = loader.loadClass(TestBed.CONNECTOR_CLASS);
      assertThat(type.getClassLoader())
          .as("loaded from the image's plugin directory")
          .isSameAs(loader);
      SourceConnector connector = (SourceConnector) type.getDeclaredConstructor().newInstance();
      assertThat(connector.version())
          .isEqualTo(System.getProperty("plugin.name").replaceAll(".*-dynamodb-", ""));
      // Validation builds the AWS clients and calls AWS: every SDK jar must be in lib/.
      Map<String, String> config = new HashMap<>();
      config.put("aws.region", "us-east-2");
      config.put("aws.access.key.id", "ABCD");
      config.put("aws.secret.key", "123");
      config.put("dynamodb.tables.include", "Orders");
      config.put("dynamodb.service.endpoint", "http://127.0.0.1:9");
      String errors = connector.validate(config).configValues().toString();
      assertThat(errors).contains("Cannot reach 127.0.0.1 while checking the tables");
    }
  }

  /**
   * Loads classes from the plugin's jars first, like Connect's plugin class loader; only the
   * worker's own API (Kafka, SLF4J) and the JDK come from outside.
   */
  private static final class PluginLoader extends URLClassLoader {

    PluginLoader(URL[] jars) {
      super(jars, SourceConnector.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("java.")
          || name.startsWith("org.apache.kafka.")
          || name.startsWith("org.slf4j.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException notInPlugin) {
            loaded = ClassLoader.getPlatformClassLoader().loadClass(name);
          }
        }
        return loaded;
      }
    }
  }

  private static List<String> instructions(String keyword) throws IOException {
    return Files.readAllLines(CONTEXT.resolve("docker/Dockerfile")).stream()
        .filter(line -> line.startsWith(keyword + " "))
        .map(line -> line.substring(keyword.length() + 1).trim())
        .toList();
  }

  private static void copy(Path source, Path target) throws IOException {
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.toList()) {
          Path destination = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(destination);
          } else {
            Files.createDirectories(destination.getParent());
            Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } else {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
