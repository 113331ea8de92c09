package io.customconnectors.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class SchemaAcceptsSamplesTest {

  static List<Path> samples() {
    return Crds.sampleResources();
  }

  @Test
  void bothSampleSetsHoldAPluginAndAConnector() {
    assertThat(samples())
        .extracting(path -> Crds.samplesDirectory().relativize(path).toString())
        .contains(
            MalformedManifests.CCLOUD_PLUGIN,
            MalformedManifests.CCLOUD_CONNECTOR,
            MalformedManifests.CONNECT_PLUGIN,
            MalformedManifests.CONNECT_CONNECTOR);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleIsValidOnCreate(Path sample) {
    JsonNode manifest = Crds.readYaml(sample);
    assertThat(validatorFor(manifest).validateCreate(manifest)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleReappliedUnchangedIsValid(Path sample) {
    JsonNode manifest = Crds.readYaml(sample);
    assertThat(validatorFor(manifest).validateUpdate(manifest, manifest)).isEmpty();
  }

  @Test
  void mutableFieldsCanChange() {
    ObjectNode original =
        (ObjectNode)
            Crds.readYaml(Crds.samplesDirectory().resolve(MalformedManifests.CCLOUD_CONNECTOR));
    ObjectNode changed = original.deepCopy();
    MalformedManifests.set(changed, "/spec/tasksMax", 3);
    MalformedManifests.set(changed, "/spec/state", "Paused");
    MalformedManifests.set(changed, "/spec/config/aws.region", "eu-west-1");

    assertThat(validatorFor(original).validateUpdate(original, changed)).isEmpty();
  }

  private static ManifestValidator validatorFor(JsonNode manifest) {
    return ManifestValidator.forKind(manifest.path("kind").asText());
  }
}
