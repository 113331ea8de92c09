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
}
