package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class AllOfMergeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void refinementsKeepTheReferencedTypeAndRequiredListsJoin() throws Exception {
    ObjectNode document =
        (ObjectNode)
            JSON.readTree(
                """
                {"components":{"schemas":{
                  "Meta":{"type":"object","required":["self"],
                          "properties":{"self":{"type":"string"},"created_at":{"type":"string"}}},
                  "Plugin":{"type":"object","properties":{
                    "metadata":{"allOf":[{"$ref":"#/components/schemas/Meta"},
                                         {"properties":{"self":{"example":"https://x"}}}]}}},
                  "Created":{"allOf":[{"$ref":"#/components/schemas/Plugin"},
                                      {"required":["metadata"],"type":"object"}]}}}}
                """);
    AllOfMerge.apply(document);
    JsonNode metadata = document.at("/components/schemas/Plugin/properties/metadata");
    assertThat(metadata.has("allOf")).isFalse();
    assertThat(metadata.at("/properties/self/type").asText()).isEqualTo("string");
    assertThat(metadata.at("/properties/self/example").asText()).isEqualTo("https://x");
    assertThat(metadata.at("/properties/created_at/type").asText()).isEqualTo("string");
    assertThat(metadata.at("/required/0").asText()).isEqualTo("self");
    JsonNode created = document.at("/components/schemas/Created");
    assertThat(created.at("/required/0").asText()).isEqualTo("metadata");
    assertThat(created.at("/properties/metadata/properties/self/type").asText())
        .as("nested allOf of a referenced schema merged too")
        .isEqualTo("string");
  }

  @Test
  void aRefinedReferenceBecomesACopyThatKeepsTheRefinement() throws Exception {
    ObjectNode document =
        (ObjectNode)
            JSON.readTree(
                """
                {"components":{"schemas":{
                  "Spec":{"type":"object","properties":{"cloud":{"type":"string"},
                                                        "display_name":{"type":"string"}}},
                  "Plugin":{"type":"object","properties":{"spec":{"$ref":"#/components/schemas/Spec"}}},
                  "Created":{"allOf":[{"$ref":"#/components/schemas/Plugin"},
                                      {"properties":{"spec":{"required":["cloud"],"type":"object"}}},
                                      {"properties":{"spec":{"properties":{
                                        "cloud":{"example":"AWS"}}}}}]}}}}
                """);
    AllOfMerge.apply(document);
    JsonNode spec = document.at("/components/schemas/Created/properties/spec");
    // A validator ignores everything next to a $ref, the required list included.
    assertThat(spec.has("$ref")).isFalse();
    assertThat(spec.at("/required/0").asText()).isEqualTo("cloud");
    assertThat(spec.at("/properties/display_name/type").asText()).isEqualTo("string");
    assertThat(spec.at("/properties/cloud/type").asText()).isEqualTo("string");
    assertThat(spec.at("/properties/cloud/example").asText()).isEqualTo("AWS");
    assertThat(document.at("/components/schemas/Spec/required").isMissingNode())
        .as("the shared schema itself is left alone")
        .isTrue();
  }
}
