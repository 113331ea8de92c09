package io.customconnectors.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.customconnectors.operator.api.v1alpha1.MalformedManifests.Case;
import io.customconnectors.testkit.kube.Kubectl;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** The schema's truth comes from the server: what kube-apiserver accepts and rejects, and why. */
class CrdsOnApiServerIT {

  private static Kubectl kubectl;
  private static String namespace;

  @BeforeAll
  static void applyCrds() {
    ApiServerWithCrds.client();
    kubectl = ApiServerWithCrds.server().kubectl();
    namespace = ApiServerWithCrds.newNamespace("schema");
  }

  @Test
  void serverAcceptsAndEstablishesTheGeneratedCrdsWithEveryRule() {
    for (CustomResourceDefinition checkedIn : ApiServerWithCrds.checkedInCrds()) {
      CustomResourceDefinition stored =
          ApiServerWithCrds.client()
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(checkedIn.getMetadata().getName())
              .get();

      assertThat(ApiServerWithCrds.established(stored)).isTrue();
      assertThat(rules(stored)).isEqualTo(rules(checkedIn)).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"confluent-cloud", "kafka-connect"})
  void everySamplePassesServerSideDryRun(String sampleSet) {
    Kubectl.Result result =
        kubectl.run(
            "apply",
            "--dry-run=server",
            "-n",
            namespace,
            "-f",
            Crds.samplesDirectory().resolve(sampleSet).toString());

    assertThat(result.succeeded()).as("%s", result).isTrue();
    assertThat(result.stdout())
        .contains("customconnector.customconnectors.io/dynamodb-supermarket");
  }

  static List<Case> cases() {
    return MalformedManifests.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void malformedManifestIsRejectedWithTheMessageUsersSee(Case mistake) throws Exception {
    String caseNamespace = ApiServerWithCrds.newNamespace("malformed");
    if (mistake.update()) {
      Kubectl.Result created = apply(mistake.original(), caseNamespace, false);
      assertThat(created.succeeded()).as("creating the original: %s", created).isTrue();
    }

    Kubectl.Result result = apply(mistake.edited(), caseNamespace, true);

    assertThat(result.succeeded()).as("%s was accepted", mistake.name()).isFalse();
    assertThat(result.stderr()).contains(mistake.expected());
  }

  private static Kubectl.Result apply(JsonNode manifest, String namespace, boolean dryRun)
      throws JsonProcessingException {
    return kubectl.runWithInput(
        Crds.YAML.writeValueAsString(manifest),
        "apply",
        dryRun ? "--dry-run=server" : "--dry-run=none",
        "-n",
        namespace,
        "-f",
        "-");
  }

  private static long rules(CustomResourceDefinition crd) {
    return Crds.YAML
        .valueToTree(crd.getSpec().getVersions().get(0).getSchema())
        .findValues("x-kubernetes-validations")
        .stream()
        .mapToLong(JsonNode::size)
        .sum();
  }
}
