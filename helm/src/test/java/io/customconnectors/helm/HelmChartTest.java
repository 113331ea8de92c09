package io.customconnectors.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/**
 * The Helm chart, rendered by real Helm (helm-java: Helm's Go code through JNA) for several value
 * sets, its manifests read into the Kubernetes model and checked. No API server: what RBAC allows
 * on a real one is proven elsewhere.
 */
class HelmChartTest {

  private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).normalize();
  private static final Path CHART = ROOT.resolve("helm/custom-connector-operator");
  private static final String RELEASE = "cco";
  private static final String NAMESPACE = "operators";
  private static final String FULLNAME = "cco-custom-connector-operator";

  /** Helm renders for v1.20 unless told; the chart needs 1.25 (policy/v1, seccompProfile). */
  private static final String KUBE_VERSION = "v1.30.0";

  /**
   * Every verb the operator needs, per API group and resource: what it does (informers, status and
   * annotation patches, finalizers, Events, the pod-log source), and nothing else.
   */
  private static final Map<String, Set<String>> NEEDED =
      Map.of(
          "customconnectors.io/customconnectors", Set.of("get", "list", "watch", "patch", "update"),
          "customconnectors.io/connectorplugins", Set.of("get", "list", "watch", "patch", "update"),
          "customconnectors.io/customconnectors/status", Set.of("patch", "update"),
          "customconnectors.io/connectorplugins/status", Set.of("patch", "update"),
          "customconnectors.io/customconnectors/finalizers", Set.of("update"),
          "customconnectors.io/connectorplugins/finalizers", Set.of("update"),
          "/secrets", Set.of("get", "list", "watch"),
          "/events", Set.of("create"),
          "/pods", Set.of("get", "list"),
          "/pods/log", Set.of("get"));

  @TempDir Path temp;

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .filteredOn(m -> m.contains("[WARNING]") || m.contains("[ERROR]"))
        .isEmpty();
  }

  @Test
  void chartCrdsAreTheRepositorysCrds() throws IOException {
    assertSameFiles(ROOT.resolve("crds"), CHART.resolve("crds"));
  }

  @Test
  void jmxExporterConfigIsTheRepositorysConfig() throws IOException {
    assertSameFiles(ROOT.resolve("config/jmx-exporter"), CHART.resolve("files/jmx-exporter"));
  }

  @Test
  void defaultsRunOneRestrictedOperatorWithClusterWideLeastPrivilege() {
    Manifests manifests = render("");

    Deployment deployment = manifests.one(Deployment.class, FULLNAME);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
    assertThat(manifests.one(ServiceAccount.class, FULLNAME)).isNotNull();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    Container operator = only(pod.getContainers());
    assertThat(operator.getImage())
        .isEqualTo("ghcr.io/customconnectors/custom-connector-operator:0.1.0");
    assertRestricted(operator.getSecurityContext());
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http-metrics");
              assertThat(port.getContainerPort()).isEqualTo(8080);
            });
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort())
        .isEqualTo(new IntOrString("http-metrics"));
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort())
        .isEqualTo(new IntOrString("http-metrics"));
    assertThat(operator.getResources().getLimits()).containsKey("memory");

    Map<String, String> env = env(operator);
    assertThat(env)
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("POLL_INTERVAL", "10s")
        .containsEntry("HEALTH_PORT", "8080")
        .containsEntry("RECONCILE_THREADS", "10")
        .containsEntry("BUNDLED_ARCHIVES_DIR", "/opt/customconnectors/archives")
        .containsEntry("ARCHIVE_CACHE_DIR", "/var/cache/customconnectors/archives")
        .containsEntry("ARCHIVE_MAX_MB", "1024")
        .containsEntry("METRICS_INTERVAL", "60s")
        .containsEntry("CONFLUENT_METRICS_DELAY", "5m")
        .containsEntry("LOG_TOPIC_PATTERN", "{id}-app-logs")
        .containsEntry("LOG_LEVEL", "info")
        .doesNotContainKeys(
            "LEADER_ELECTION_LEASE",
            "ALLOWED_CONFLUENT_CLOUD_ENDPOINTS",
            "ALLOWED_KAFKA_CONNECT_URLS",
            "SECRET_LABEL_SELECTOR");
    assertThat(fieldRef(operator, "HOSTNAME")).isEqualTo("metadata.name");

    // A read-only root: /tmp and the archive cache are emptyDirs.
    Map<String, String> mounts =
        operator.getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    assertThat(mounts)
        .containsEntry("/tmp", "tmp")
        .containsEntry(env.get("ARCHIVE_CACHE_DIR"), "archive-cache");
    assertThat(pod.getVolumes())
        .allSatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull())
        .extracting(v -> v.getName())
        .containsExactlyInAnyOrder("tmp", "archive-cache");

    Service service = manifests.one(Service.class, FULLNAME);
    ServicePort port = only(service.getSpec().getPorts());
    assertThat(port.getPort()).isEqualTo(8080);
    assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http-metrics"));
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

    ClusterRole role = manifests.one(ClusterRole.class, FULLNAME);
    assertLeastPrivilege(role.getRules());
    ClusterRoleBinding binding = manifests.one(ClusterRoleBinding.class, FULLNAME);
    assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
    assertThat(only(binding.getSubjects()).getName()).isEqualTo(FULLNAME);
    assertThat(only(binding.getSubjects()).getNamespace()).isEqualTo(NAMESPACE);
    assertThat(manifests.all(Role.class)).isEmpty();
    assertThat(manifests.all(RoleBinding.class)).isEmpty();

    // Users' aggregated roles, which hold no operator rights.
    ClusterRole view = manifests.one(ClusterRole.class, FULLNAME + "-view");
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(view.getRules())
        .allSatisfy(rule -> assertThat(rule.getVerbs()).containsOnly("get", "list", "watch"));
    ClusterRole edit = manifests.one(ClusterRole.class, FULLNAME + "-edit");
    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(edit.getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).containsOnly("customconnectors.io");
              assertThat(rule.getResources()).containsOnly("customconnectors", "connectorplugins");
            });

    assertThat(manifests.kinds())
        .doesNotContain("ServiceMonitor", "PodDisruptionBudget", "ConfigMap");
    assertThat(manifests.all(Deployment.class)).hasSize(1);
  }

  @Test
  void watchedNamespacesGetRolesThereAndNoClusterWideRights() {
    Manifests manifests = render("watchNamespaces: [a, b]\n");

    Container operator = operator(manifests);
    assertThat(env(operator)).containsEntry("WATCH_NAMESPACES", "a,b");

    for (String namespace : List.of("a", "b")) {
      Role role = manifests.one(Role.class, FULLNAME, namespace);
      assertLeastPrivilege(role.getRules());
      RoleBinding binding = manifests.one(RoleBinding.class, FULLNAME, namespace);
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
      assertThat(only(binding.getSubjects()).getName()).isEqualTo(FULLNAME);
      assertThat(only(binding.getSubjects()).getNamespace()).isEqualTo(NAMESPACE);
    }
    assertThat(manifests.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("a", "b");
    // Only the users' aggregated roles stay cluster-wide, bound to nobody by the chart.
    assertThat(manifests.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(FULLNAME + "-view", FULLNAME + "-edit");
    assertThat(manifests.all(ClusterRoleBinding.class)).isEmpty();
  }

  @Test
  void twoReplicasElectALeaderInTheReleaseNamespace() {
    Manifests manifests = render("replicas: 2\n");

    Deployment deployment = manifests.one(Deployment.class, FULLNAME);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(operator(manifests)))
        .containsEntry("LEADER_ELECTION_LEASE", FULLNAME)
        .containsEntry("LEADER_ELECTION_NAMESPACE", NAMESPACE);

    Role lease = manifests.one(Role.class, FULLNAME + "-leader-election", NAMESPACE);
    PolicyRule rule = only(lease.getRules());
    assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
    assertThat(rule.getResources()).containsExactly("leases");
    assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update", "patch");
    RoleBinding binding =
        manifests.one(RoleBinding.class, FULLNAME + "-leader-election", NAMESPACE);
    assertThat(only(binding.getSubjects()).getName()).isEqualTo(FULLNAME);
  }

  @Test
  void everyOperatorSettingIsAValue() throws IOException {
    Manifests manifests =
        render(
            """
            watchNamespaces: [team-a]
            pollInterval: 30s
            leaderElection: {enabled: true, leaseName: my-lease}
            healthPort: 9090
            reconcileThreads: 4
            bundledArchivesDir: /archives
            archiveCache: {dir: /cache, sizeLimit: 5Gi}
            archiveMaxMb: 2048
            allowedConfluentCloudEndpoints: ["https://api.confluent.cloud", "https://*.example.com"]
            allowedKafkaConnectUrls: ["http://*.kafka.svc.cluster.local:8083"]
            secretLabelSelector: customconnectors.io/use=true
            metricsInterval: 2m
            confluentMetricsDelay: PT3M
            logTopicPattern: "logs-{id}"
            logLevel: "info,io.customconnectors=debug"
            javaOptions: "-Xmx512m"
            extraEnv: [{name: EXTRA, value: "yes"}]
            """);

    Container operator = operator(manifests);
    Map<String, String> env = env(operator);
    assertThat(env)
        .containsEntry("WATCH_NAMESPACES", "team-a")
        .containsEntry("POLL_INTERVAL", "30s")
        .containsEntry("LEADER_ELECTION_LEASE", "my-lease")
        .containsEntry("LEADER_ELECTION_NAMESPACE", NAMESPACE)
        .containsEntry("HEALTH_PORT", "9090")
        .containsEntry("RECONCILE_THREADS", "4")
        .containsEntry("BUNDLED_ARCHIVES_DIR", "/archives")
        .containsEntry("ARCHIVE_CACHE_DIR", "/cache")
        .containsEntry("ARCHIVE_MAX_MB", "2048")
        .containsEntry(
            "ALLOWED_CONFLUENT_CLOUD_ENDPOINTS",
            "https://api.confluent.cloud,https://*.example.com")
        .containsEntry("ALLOWED_KAFKA_CONNECT_URLS", "http://*.kafka.svc.cluster.local:8083")
        .containsEntry("SECRET_LABEL_SELECTOR", "customconnectors.io/use=true")
        .containsEntry("METRICS_INTERVAL", "2m")
        .containsEntry("CONFLUENT_METRICS_DELAY", "PT3M")
        .containsEntry("LOG_TOPIC_PATTERN", "logs-{id}")
        .containsEntry("LOG_LEVEL", "info,io.customconnectors=debug")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx512m")
        .containsEntry("EXTRA", "yes");
    assertThat(operator.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(operator.getVolumeMounts())
        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/cache"));

    // Whatever variable OperatorSettings reads, the chart sets (HOSTNAME from the pod's name).
    Set<String> names = new TreeSet<>(env.keySet());
    names.add("HOSTNAME");
    assertThat(names).containsAll(settingsTheOperatorReads());
  }

  @Test
  void optionalServiceMonitorPdbAndKafkaConnect() throws IOException {
    Manifests manifests =
        render(
            """
            serviceMonitor: {enabled: true, labels: {release: prometheus}}
            podDisruptionBudget: {enabled: true}
            kafkaConnect:
              enabled: true
              bootstrapServers: kafka.kafka.svc:9092
            """);

    List<GenericKubernetesResource> monitors =
        manifests.all(GenericKubernetesResource.class).stream()
            .filter(r -> r.getKind().equals("ServiceMonitor"))
            .toList();
    assertThat(monitors)
        .extracting(m -> m.getMetadata().getName())
        .containsExactlyInAnyOrder(FULLNAME, FULLNAME + "-connect");
    assertThat(monitors)
        .allSatisfy(
            m -> assertThat(m.getMetadata().getLabels()).containsEntry("release", "prometheus"));
    Service operatorService = manifests.one(Service.class, FULLNAME);
    Map<String, Object> selector =
        monitors.stream()
            .filter(m -> m.getMetadata().getName().equals(FULLNAME))
            .findFirst()
            .orElseThrow()
            .get("spec", "selector", "matchLabels");
    assertThat(operatorService.getMetadata().getLabels()).containsAllEntriesOf(strings(selector));

    PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class, FULLNAME);
    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            manifests.one(Deployment.class, FULLNAME).getSpec().getSelector().getMatchLabels());

    Deployment connect = manifests.one(Deployment.class, FULLNAME + "-connect");
    PodSpec pod = connect.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    Container worker = only(pod.getContainers());
    assertRestricted(worker.getSecurityContext());
    assertThat(env(worker))
        .containsEntry("CONNECT_BOOTSTRAP_SERVERS", "kafka.kafka.svc:9092")
        .containsEntry("CONNECT_GROUP_ID", "kafka-connect")
        .containsEntry(
            "KAFKA_OPTS",
            "-javaagent:/opt/jmx-exporter/jmx_prometheus_javaagent.jar=9404"
                + ":/etc/jmx-exporter/kafka-connect.yaml");
    assertThat(worker.getVolumeMounts())
        .singleElement()
        .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/jmx-exporter"));
    String configMapName = only(pod.getVolumes()).getConfigMap().getName();
    ConfigMap config = manifests.one(ConfigMap.class, configMapName);
    assertThat(config.getData().get("kafka-connect.yaml"))
        .isEqualTo(Files.readString(ROOT.resolve("config/jmx-exporter/kafka-connect.yaml")));

    Service service = manifests.one(Service.class, FULLNAME + "-connect");
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("http", 8083),
            org.assertj.core.groups.Tuple.tuple("http-metrics", 9404));
    assertThat(service.getSpec().getSelector())
        .isEqualTo(connect.getSpec().getSelector().getMatchLabels())
        .isNotEqualTo(operatorService.getSpec().getSelector());
  }

  @Test
  void kafkaConnectNeedsBootstrapServers() {
    assertThatThrownBy(() -> render("kafkaConnect: {enabled: true}\n"))
        .hasMessageContaining("kafkaConnect.bootstrapServers is required");
  }

  @Test
  void schemaRefusesUnknownAndMistypedValues() {
    assertThatThrownBy(() -> render("replica: 2\n")).hasMessageContaining("replica");
    assertThatThrownBy(() -> render("replicas: two\n")).hasMessageContaining("replicas");
    assertThatThrownBy(() -> render("healthPort: 0\n")).hasMessageContaining("healthPort");
    assertThatThrownBy(() -> render("pollInterval: soon\n")).hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> render("logLevel: verbose\n")).hasMessageContaining("logLevel");
    assertThatThrownBy(() -> render("image: {repository: x, tags: y}\n"))
        .hasMessageContaining("tags");
  }

  // --- helpers ---

  private Manifests render(String values) {
    try {
      Path file = Files.createTempFile(temp, "values", ".yaml");
      Files.writeString(file, values);
      String yaml =
          new Helm(CHART)
              .template()
              .withName(RELEASE)
              .withNamespace(NAMESPACE)
              .withKubeVersion(KUBE_VERSION)
              .withValuesFile(file)
              .call();
      return Manifests.parse(yaml);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Container operator(Manifests manifests) {
    return only(
        manifests
            .one(Deployment.class, FULLNAME)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers());
  }

  private static void assertRestricted(SecurityContext context) {
    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getPrivileged()).isFalse();
    assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
  }

  /** Every rule grants only verbs the operator needs on its resource; all needs are granted. */
  private static void assertLeastPrivilege(List<PolicyRule> rules) {
    Map<String, Set<String>> granted = new HashMap<>();
    for (PolicyRule rule : rules) {
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
      assertThat(rule.getVerbs()).doesNotContain("*");
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          String key = group + "/" + resource;
          assertThat(NEEDED).as("a resource the operator does not use: %s", key).containsKey(key);
          assertThat(rule.getVerbs()).as(key).isSubsetOf(NEEDED.get(key));
          granted.computeIfAbsent(key, k -> new TreeSet<>()).addAll(rule.getVerbs());
        }
      }
    }
    assertThat(granted).isEqualTo(NEEDED);
    assertThat(granted.get("/secrets")).containsExactlyInAnyOrder("get", "list", "watch");
  }

  /** The environment variables OperatorSettings reads, from its source and AllowedTargets'. */
  private static Set<String> settingsTheOperatorReads() throws IOException {
    Path operator = ROOT.resolve("operator/src/main/java/io/customconnectors/operator");
    String settings = Files.readString(operator.resolve("OperatorSettings.java"));
    String fromEnvironment =
        settings.substring(
            settings.indexOf("fromEnvironment("), settings.indexOf("forTests(Duration"));
    Set<String> names = new TreeSet<>();
    Matcher read =
        Pattern.compile("env\\.(?:get|getOrDefault)\\(\"([A-Z_]+)\"").matcher(fromEnvironment);
    while (read.find()) {
      names.add(read.group(1));
    }
    for (String source : List.of("backend/AllowedTargets.java", "LogLevels.java")) {
      Matcher constant =
          Pattern.compile("SETTING = \"([A-Z_]+)\"")
              .matcher(Files.readString(operator.resolve(source)));
      while (constant.find()) {
        names.add(constant.group(1));
      }
    }
    assertThat(names).as("settings found in OperatorSettings").hasSizeGreaterThan(10);
    return names;
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      assertThat(env).as("set twice: %s", var.getName()).doesNotContainKey(var.getName());
      env.put(var.getName(), var.getValue());
    }
    env.values().removeIf(java.util.Objects::isNull);
    return env;
  }

  private static String fieldRef(Container container, String name) {
    return container.getEnv().stream()
        .filter(var -> var.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValueFrom()
        .getFieldRef()
        .getFieldPath();
  }

  private static Map<String, String> strings(Map<String, Object> map) {
    Map<String, String> strings = new HashMap<>();
    map.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    return strings;
  }

  private static <T> T only(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    Map<String, String> want = contents(expected);
    Map<String, String> have = contents(actual);
    assertThat(want).as("files in %s", expected).isNotEmpty();
    assertThat(have.keySet())
        .as("%s must hold copies of %s (cp %s/* %s/)", actual, expected, expected, actual)
        .isEqualTo(want.keySet());
    want.forEach(
        (name, text) ->
            assertThat(have.get(name))
                .as("%s/%s differs from %s/%s: copy it again", actual, name, expected, name)
                .isEqualTo(text));
  }

  private static Map<String, String> contents(Path directory) throws IOException {
    Map<String, String> contents = new HashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        contents.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return contents;
  }

  /** The documents of a rendered chart, read into the Kubernetes model. */
  private record Manifests(List<HasMetadata> resources) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Manifests parse(String yaml) {
      List<HasMetadata> resources = new ArrayList<>();
      for (String document : yaml.split("(?m)^---\\s*$")) {
        boolean empty =
            document.lines().map(String::trim).allMatch(l -> l.isEmpty() || l.startsWith("#"));
        if (!empty) {
          resources.add(SERIALIZATION.unmarshal(document));
        }
      }
      return new Manifests(resources);
    }

    Set<String> kinds() {
      return resources.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
      return one(type, name, null);
    }

    <T extends HasMetadata> T one(Class<T> type, String name, String namespace) {
      List<T> found =
          all(type).stream()
              .filter(r -> r.getMetadata().getName().equals(name))
              .filter(r -> namespace == null || namespace.equals(r.getMetadata().getNamespace()))
              .toList();
      assertThat(found)
          .as("%s %s in %s among %s", type.getSimpleName(), name, namespace, summary())
          .hasSize(1);
      return found.get(0);
    }

    private List<String> summary() {
      return resources.stream()
          .map(
              r ->
                  r.getKind()
                      + " "
                      + r.getMetadata().getNamespace()
                      + "/"
                      + r.getMetadata().getName())
          .toList();
    }
  }
}
