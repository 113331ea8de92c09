package io.customconnectors.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.customconnectors.testkit.kube.KubeApiServerBinaries;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import com.marcnuri.helm.Helm;

/**
 * The Helm chart's ServiceAccount and RBAC, rendered by real Helm and applied to the API server
 * (which authorizes with RBAC), and a client that authenticates as that ServiceAccount with a token
 * from the TokenRequest API. An operator given this client has exactly the rights the chart grants
 * it in a cluster: whatever the chart forgot fails here as it would there.
 */
public final class ChartServiceAccount {

  /**
   * The kinds that make up the operator's identity and rights; the rest of the chart is not run.
   */
  private static final Set<String> IDENTITY_KINDS =
      Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");

  /**
   * Long enough for a sandbox left running for a day; the client does not renew it (a restart of
   * the sandbox does).
   */
  private static final long TOKEN_SECONDS = 24 * 3600;

  private final ServiceAccount account;
  private final List<HasMetadata> applied;

  private ChartServiceAccount(ServiceAccount account, List<HasMetadata> applied) {
    this.account = account;
    this.applied = applied;
  }

  /**
   * Renders {@code chart} as release {@code release} in {@code namespace} with {@code values}
   * (YAML), and applies its ServiceAccount and RBAC with {@code admin}; the namespaces the RBAC
   * names must exist, and {@code namespace} is created when missing.
   */
  public static ChartServiceAccount install(
      KubernetesClient admin, Path chart, String release, String namespace, String values) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    List<HasMetadata> identity =
        parse(admin, render(chart, release, namespace, values)).stream()
            .filter(resource -> IDENTITY_KINDS.contains(resource.getKind()))
            .toList();
    for (HasMetadata resource : identity) {
      admin.resource(resource).fieldManager("helm").forceConflicts().serverSideApply();
    }
    ServiceAccount account =
        identity.stream()
            .filter(ServiceAccount.class::isInstance)
            .map(ServiceAccount.class::cast)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("The chart rendered no ServiceAccount: " + values));
    return new ChartServiceAccount(account, identity);
  }

  /** The chart rendered by Helm, as {@code helm template} prints it. */
  public static String render(Path chart, String release, String namespace, String values) {
    try {
      Path file = Files.createTempFile("chart-values", ".yaml");
      try {
        Files.writeString(file, values);
        return new Helm(chart)
            .template()
            .withName(release)
            .withNamespace(namespace)
            // The chart's kubeVersion constraint is checked against the test bed's release.
            .withKubeVersion("v" + KubeApiServerBinaries.kubernetesVersion())
            .withValuesFile(file)
            .call();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<HasMetadata> parse(KubernetesClient client, String manifests) {
    return client
        .load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)))
        .items();
  }

  /**
   * A new client for the same server that is this ServiceAccount (a bearer token, no client
   * certificate); the caller closes it.
   */
  public KubernetesClient newClient(KubernetesClient admin) {
    String token =
        admin
            .serviceAccounts()
            .inNamespace(namespace())
            .withName(name())
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(TOKEN_SECONDS)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config server = admin.getConfiguration();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server.getMasterUrl())
            .withCaCertData(server.getCaCertData())
            .withCaCertFile(server.getCaCertFile())
            .withOauthToken(token)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The user name the API server knows this account by, for {@code kubectl --as}. */
  public String username() {
    return "system:serviceaccount:" + namespace() + ":" + name();
  }

  public String name() {
    return account.getMetadata().getName();
  }

  public String namespace() {
    return account.getMetadata().getNamespace();
  }

  /** What was applied: the ServiceAccount, Roles, ClusterRoles and their bindings. */
  public List<HasMetadata> applied() {
    return applied;
  }
}
