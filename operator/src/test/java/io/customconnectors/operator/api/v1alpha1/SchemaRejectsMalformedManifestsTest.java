package io.customconnectors.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.customconnectors.operator.api.v1alpha1.MalformedManifests.Case;

class SchemaRejectsMalformedManifestsTest {

  static List<Case> cases() {
    return MalformedManifests.all();
  }

  @Test
  void theTableCoversEnoughMistakes() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRejectedWithAMessageThatSaysWhatIsWrong(Case mistake) {
    ManifestValidator validator = ManifestValidator.forKind(mistake.kind());

    List<String> errors =
        mistake.update()
            ? validator.validateUpdate(mistake.original(), mistake.edited())
            : validator.validateCreate(mistake.edited());

    assertThat(errors).as("errors for: %s", mistake.name()).isNotEmpty();
    assertThat(String.join("\n", errors)).contains(mistake.expected());
  }
}
