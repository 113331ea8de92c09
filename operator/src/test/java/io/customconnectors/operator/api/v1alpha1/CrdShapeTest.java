package io.customconnectors.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

import com.fasterxml.jackson.databind.JsonNode;

class CrdShapeTest {

  @ParameterizedTest
  @CsvSource({
    "CustomConnector, TARGET;STATE;TASKS;READY;REASON;RATE;AGE",
    "ConnectorPlugin, TARGET;CLASS;TYPE;READY;AGE"
  })
  void printerColumnsAreTheDesignedOnesInOrder(String kind, String columns) {
    assertThat(version(kind).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly(columns.split(";"));
  }

  @ParameterizedTest
  @CsvSource({"CustomConnector, cconn", "ConnectorPlugin, cplugin"})
  void isNamespacedWithShortNameCategoryAndStatusSubresource(String kind, String shortName) {
    CustomResourceDefinition crd = Crds.definition(kind);

    assertThat(crd.getSpec().getGroup()).isEqualTo("customconnectors.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).contains(shortName);
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("kafka-connect");
    assertThat(version(kind).getName()).isEqualTo("v1alpha1");
    assertThat(version(kind).getSubresources().getStatus()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"CustomConnector", "ConnectorPlugin"})
  void everyFieldIsDescribedForKubectlExplain(String kind) {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(Crds.schema(kind).path("properties"), "", undescribed);

    assertThat(undescribed).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"CustomConnector", "ConnectorPlugin"})
  void theKindItsSpecAndItsStatusAreDescribedAndConditionsAreAMapByType(String kind) {
    JsonNode schema = Crds.schema(kind);
    assertThat(schema.path("description").asText()).isNotBlank();
    assertThat(schema.path("properties").path("spec").path("description").asText()).isNotBlank();
    assertThat(schema.path("properties").path("status").path("description").asText()).isNotBlank();
    JsonNode conditions =
        schema.path("properties").path("status").path("properties").path("conditions");
    assertThat(conditions.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(conditions.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"type\"]");
    assertThat(conditions.path("items").path("required").toString()).contains("\"type\"");
  }

  private static void collectUndescribed(JsonNode properties, String prefix, List<String> out) {
    properties
        .fields()
        .forEachRemaining(
            field -> {
              String path = prefix + field.getKey();
              JsonNode schema = field.getValue();
              boolean topLevel = prefix.isEmpty();
              if (!topLevel && schema.path("description").asText().isBlank()) {
                out.add(path);
              }
              collectUndescribed(schema.path("properties"), path + ".", out);
              collectUndescribed(schema.path("items").path("properties"), path + "[].", out);
            });
  }

  private static CustomResourceDefinitionVersion version(String kind) {
    return Crds.definition(kind).getSpec().getVersions().get(0);
  }
}
