package io.customconnectors.testkit.ccloud;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;

/**
 * A stand-in for the Confluent Cloud APIs a custom-connector operator calls: presigned uploads and
 * a fake object store, legacy and ccpm plugins, connect/v1 connectors and the Metrics API, with
 * Cloud API key authentication and injectable faults, and the connector log search API with its
 * bearer tokens. Connectors really run: each one is created on the test bed's Kafka Connect worker
 * from its uploaded archive, its AWS traffic passes an egress firewall built from its networking
 * endpoints, its logs go to a per-connector topic and its metrics come from the worker. Embed it
 * with {@link #builder()}, or run {@link #main}.
 */
public final class ConfluentCloudEmulator implements AutoCloseable {

  private final ApiServer server;
  private final Faults faults;
  private final ConnectorRegistry registry;
  private final ConnectorRuntime runtime;
  private final ConnectLogs logs;
  private final MetricsSampler sampler;
  private final Egress egress;
  private final PluginCatalog catalog;
  private final RateLimit metricsRateLimit;
  private final MetricsApi metricsApi;
  private final RateLimit logsSearchRateLimit;
  private final LogSearchApi logSearchApi;
  private final Map<String, KafkaCluster> clusters;
  private final KafkaBroker broker;
  private final String organization;
  private volatile Duration provisioningDelay;

  private ConfluentCloudEmulator(Builder builder) {
    Clock clock = Clock.systemUTC();
    this.organization = builder.organization;
    this.faults = new Faults();
    this.provisioningDelay = builder.provisioningDelay;
    this.catalog = new PluginCatalog(clock);
    catalog.versionCheckDelay = builder.versionCheckDelay;
    this.registry = new ConnectorRegistry();
    Uploads uploads = new Uploads(clock);
    this.broker = builder.broker;
    this.clusters = new LinkedHashMap<>();
    builder.clusters.forEach(cluster -> clusters.put(cluster.id(), cluster));
    clusters.values().forEach(cluster -> cluster.apiKeys().forEach(broker::addSaslUser));
    this.egress = new Egress(builder.internet::route);
    this.runtime =
        new ConnectorRuntime(
            registry,
            catalog,
            builder.worker,
            egress,
            builder.egressRules,
            builder.serviceAccounts,
            clock);
    Router router = new Router();
    new UploadApi(uploads).register(router);
    new PluginApi(catalog, uploads, organization, registry::using).register(router);
    new CcpmApi(catalog, uploads, organization, builder.environments, registry::using)
        .register(router);
    new OrgApi(organization, builder.environments).register(router);
    new ConnectorApi(clusters, registry, catalog, runtime, clock, () -> provisioningDelay, faults)
        .register(router);
    MetricsStore metrics = new MetricsStore();
    this.metricsRateLimit = new RateLimit(builder.metricsRateLimit, Duration.ofMinutes(1), clock);
    this.metricsApi = new MetricsApi(metrics, this::connectorIds, metricsRateLimit, clock);
    metricsApi.register(router);
    LogBook logBook = new LogBook(LogBook.DEFAULT_CAPACITY);
    this.logsSearchRateLimit =
        new RateLimit(builder.logsSearchRateLimit, Duration.ofMinutes(1), clock);
    this.logSearchApi =
        new LogSearchApi(
            logBook, builder.logsTokens, organization, registry, logsSearchRateLimit, clock);
    logSearchApi.register(router);
    this.server = new ApiServer(router, builder.cloudApiKeys, faults, builder.port);
    this.logs =
        new ConnectLogs(
            builder.broker.bootstrapServers(),
            builder.worker.jvm().logFile(),
            builder.logTopicFormat,
            this::byId,
            organization,
            logBook);
    this.sampler =
        new MetricsSampler(
            builder.worker.jmxPort(), this::connectorIds, metrics, clock, builder.metricsSampling);
    runtime.start(logs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Base URL to use instead of https://api.confluent.cloud (and of the Metrics API). */
  public URI baseUrl() {
    return server.base();
  }

  public Faults faults() {
    return faults;
  }

  public String organization() {
    return organization;
  }

  /** Sees every request and response, e.g. to check them against the OpenAPI documents. */
  public void onExchange(ExchangeListener listener) {
    server.listen(
        (call, route, reply) ->
            listener.exchanged(new Exchange(call, route.map(Router.Route::template), reply)));
  }

  /** How long new connectors stay PROVISIONING (Confluent takes minutes; tests want seconds). */
  public void provisioningDelay(Duration delay) {
    this.provisioningDelay = delay;
  }

  /**
   * Requests per client IP address per minute the Metrics API admits (Confluent Cloud: 60), over a
   * sliding window; takes effect at once.
   */
  public void metricsRateLimit(int requestsPerMinute) {
    metricsRateLimit.limit(requestsPerMinute);
  }

  /**
   * How many Metrics API query requests ({@code POST /v2/metrics/{dataset}/query}) were answered so
   * far, and how many the rate limit refused with 429; injected faults are counted in neither.
   */
  public MetricsQueries metricsQueries() {
    return metricsApi.queries();
  }

  /**
   * Log search requests per connector per minute the logs API admits (Confluent Cloud: about 5),
   * over a sliding window; takes effect at once.
   */
  public void logsSearchRateLimit(int requestsPerMinute) {
    logsSearchRateLimit.limit(requestsPerMinute);
  }

  /**
   * How many log search requests ({@code POST /logs/v1/search}) the rate limit admitted so far,
   * whatever the answer, and how many it refused with 429; requests without a valid token or naming
   * no connector, and injected faults, are counted in neither.
   */
  public LogSearches logSearches() {
    return logSearchApi.searches();
  }

  /**
   * How many alter offsets requests ({@code POST .../connectors/{name}/offsets/request}) were made
   * for connectors of this name, in any cluster, whatever the answer (refused ones too, so a test
   * catches a duplicate); injected faults are not counted.
   */
  public int offsetsRequestsPosted(String connectorName) {
    return runtime.offsetsRequests().posted(connectorName);
  }

  /**
   * How long an accepted alter offsets request stays PENDING before the emulator starts carrying it
   * out (default none), e.g. to restart a client while its request is pending. Read when requests
   * fall due, so shortening it releases requests already waiting.
   */
  public void offsetsRequestDelay(Duration delay) {
    runtime.offsetsRequests().delay(delay);
  }

  /**
   * The bootstrap servers a Kafka client uses for this cluster: the shared broker's SASL_PLAINTEXT
   * listener (PLAIN, the cluster's Kafka API key and secret), where Confluent Cloud has a SASL_SSL
   * endpoint. All clusters share the broker, so any registered key is accepted on it.
   */
  public String kafkaBootstrap(String clusterId) {
    if (!clusters.containsKey(clusterId)) {
      throw new IllegalArgumentException(
          "No Kafka cluster " + clusterId + "; this emulator has " + clusters.keySet());
    }
    return broker.saslBootstrapServers();
  }

  /** The connector's id (clcc-...), which also names its worker connector and its log topic. */
  public Optional<String> connectorId(String cluster, String name) {
    return registry.all().stream()
        .filter(c -> c.cluster.id().equals(cluster) && c.name.equals(name))
        .map(c -> c.id)
        .findFirst();
  }

  /** The topic the connector's log lines are written to. */
  public String logTopic(String connectorId) {
    return logs.topic(connectorId);
  }

  /** Every egress attempt so far: which connector, which endpoint, allowed or blocked. */
  public List<String> egressAttempts() {
    return egress.attempts().stream()
        .map(a -> a.connectorId() + " -> " + a.endpoint() + (a.allowed() ? " allowed" : " blocked"))
        .toList();
  }

  /** As if someone deleted the connector in the console: gone here and on the worker. */
  public void deleteOutOfBand(String cluster, String name) {
    find(cluster, name)
        .ifPresent(
            connector -> {
              registry.remove(connector);
              runtime.remove(connector);
            });
  }

  /** As if someone edited the connector's config in the console. */
  public void editOutOfBand(String cluster, String name, Map<String, String> changes) {
    find(cluster, name)
        .ifPresent(
            connector -> {
              boolean provisioned;
              synchronized (registry) {
                connector.config.putAll(changes);
                provisioned = connector.phase == EmulatedConnector.Phase.PROVISIONED;
              }
              if (provisioned) {
                runtime.push(connector);
              }
            });
  }

  /**
   * The connector reports FAILED with this trace until its config is replaced or {@code null}
   * clears it.
   */
  public void failConnector(String cluster, String name, String trace) {
    find(cluster, name)
        .ifPresent(
            connector -> {
              synchronized (registry) {
                connector.injectedFailure = trace;
              }
            });
  }

  private Optional<EmulatedConnector> find(String cluster, String name) {
    return registry.all().stream()
        .filter(c -> c.cluster.id().equals(cluster) && c.name.equals(name))
        .findFirst();
  }

  private Optional<EmulatedConnector> byId(String id) {
    return registry.all().stream().filter(c -> c.id.equals(id)).findFirst();
  }

  private Set<String> connectorIds() {
    return registry.all().stream().map(c -> c.id).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    server.close();
    runtime.close();
    sampler.close();
    logs.close();
    egress.close();
  }

  /** One request and its response, for listeners. */
  public record Exchange(
      String method,
      String path,
      String query,
      Map<String, String> requestHeaders,
      byte[] requestBody,
      Optional<String> route,
      int status,
      Map<String, String> responseHeaders,
      byte[] responseBody) {

    Exchange(Call call, Optional<String> route, Reply reply) {
      this(
          call.method,
          call.path,
          call.rawQuery,
          headers(call),
          call.body,
          route,
          reply.status(),
          reply.headers(),
          reply.body());
    }

    private static Map<String, String> headers(Call call) {
      Map<String, String> headers = new LinkedHashMap<>();
      call.headers.forEach((name, values) -> headers.put(name, String.join(",", values)));
      return headers;
    }
  }

  /** Metrics API query requests answered (any status but the rate limit's 429) and refused. */
  public record MetricsQueries(int answered, int refused) {}

  /** Log search requests admitted by the rate limit (whatever the answer) and refused. */
  public record LogSearches(int answered, int refused) {}

  /** Receives exchanges. */
  public interface ExchangeListener {
    void exchanged(Exchange exchange);
  }

  /** Where the internet leads: which local servers stand in for which hosts. */
  public static final class Internet {
    private final Map<String, InetSocketAddress> suffixes = new LinkedHashMap<>();

    /** Connections to any host ending in {@code suffix} go to {@code target}. */
    public Internet route(String suffix, URI target) {
      suffixes.put(suffix, new InetSocketAddress(target.getHost(), target.getPort()));
      return this;
    }

    Optional<InetSocketAddress> route(ConnectorRules.Endpoint endpoint) {
      return suffixes.entrySet().stream()
          .filter(entry -> endpoint.host().endsWith(entry.getKey()))
          .map(Map.Entry::getValue)
          .findFirst();
    }
  }

  /** Configures an emulator. */
  public static final class Builder {
    private ConnectWorker worker;
    private KafkaBroker broker;
    private final Map<String, String> cloudApiKeys = new HashMap<>();
    private final Set<String> environments = new LinkedHashSet<>();
    private final List<KafkaCluster> clusters = new ArrayList<>();
    private final Map<String, Set<String>> serviceAccounts = new HashMap<>();
    private final Internet internet = new Internet();
    private List<EgressRule> egressRules = EgressRule.dynamoDbSourceConnector();
    private Duration provisioningDelay = Duration.ofSeconds(2);
    private Duration versionCheckDelay = Duration.ofSeconds(2);
    private Duration metricsSampling = Duration.ofSeconds(5);
    private int metricsRateLimit = 60;
    private int logsSearchRateLimit = 5;
    private final Set<String> logsTokens = new LinkedHashSet<>();
    private String logTopicFormat = "{id}-app-logs";
    private String organization = UUID.randomUUID().toString();
    private int port;

    /** The real Connect worker and broker connectors run on. */
    public Builder backedBy(ConnectWorker connectWorker, KafkaBroker kafkaBroker) {
      this.worker = connectWorker;
      this.broker = kafkaBroker;
      return this;
    }

    /**
     * A bearer token the log search API accepts, as the data-plane token the Confluent CLI gets for
     * a user login; may be called several times. Without one every search is refused (401), as for
     * an operator holding only a Cloud API key.
     */
    public Builder logsToken(String token) {
      logsTokens.add(token);
      return this;
    }

    /** Log search requests per connector per minute; default 5, the CLI's advice. */
    public Builder logsSearchRateLimit(int requestsPerMinute) {
      this.logsSearchRateLimit = requestsPerMinute;
      return this;
    }

    public Builder cloudApiKey(String key, String secret) {
      cloudApiKeys.put(key, secret);
      return this;
    }

    public Builder environment(String id) {
      environments.add(id);
      return this;
    }

    /**
     * A Kafka cluster; {@code apiKeys} are the Kafka API keys connectors may use on it, and that
     * clients may log in with on the broker's SASL listener (see {@link
     * ConfluentCloudEmulator#kafkaBootstrap}).
     */
    public Builder kafkaCluster(
        String environment, String id, String cloud, String region, Map<String, String> apiKeys) {
      environments.add(environment);
      clusters.add(new KafkaCluster(environment, id, cloud, region, Map.copyOf(apiKeys)));
      return this;
    }

    public Builder serviceAccount(String cluster, String serviceAccountId) {
      serviceAccounts.computeIfAbsent(cluster, c -> new LinkedHashSet<>()).add(serviceAccountId);
      return this;
    }

    /**
     * Hosts ending in {@code suffix} (e.g. {@code .amazonaws.com}) are served by {@code target}.
     */
    public Builder internet(String suffix, URI target) {
      internet.route(suffix, target);
      return this;
    }

    public Builder egressRules(List<EgressRule> rules) {
      this.egressRules = List.copyOf(rules);
      return this;
    }

    public Builder provisioningDelay(Duration delay) {
      this.provisioningDelay = delay;
      return this;
    }

    public Builder versionCheckDelay(Duration delay) {
      this.versionCheckDelay = delay;
      return this;
    }

    public Builder metricsSampling(Duration every) {
      this.metricsSampling = every;
      return this;
    }

    /**
     * Requests per client IP address per minute the Metrics API admits; default 60, as Confluent.
     */
    public Builder metricsRateLimit(int requestsPerMinute) {
      this.metricsRateLimit = requestsPerMinute;
      return this;
    }

    /**
     * Name of a connector's log topic; {@code {id}} is the connector id. Default: {id}-app-logs.
     */
    public Builder logTopicFormat(String format) {
      this.logTopicFormat = format;
      return this;
    }

    public Builder organization(String id) {
      this.organization = id;
      return this;
    }

    public Builder port(int listenPort) {
      this.port = listenPort;
      return this;
    }

    public ConfluentCloudEmulator start() {
      if (worker == null || broker == null) {
        throw new IllegalStateException("backedBy(connectWorker, kafkaBroker) is required");
      }
      if (cloudApiKeys.isEmpty()) {
        throw new IllegalStateException("cloudApiKey(key, secret) is required");
      }
      return new ConfluentCloudEmulator(this);
    }
  }
}
