package io.customconnectors.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@code crds/} is what users install, so it must be exactly what the model generates. Run with
 * {@code -Dupdate.crds=true} to rewrite it after changing the model.
 */
class CrdsMatchModelTest {

  static final String UPDATE_COMMAND =
      "./mvnw -pl operator -am test -Dtest=CrdsMatchModelTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dupdate.crds=true";

  @Test
  void checkedInCrdsAreWhatTheModelGenerates() throws IOException {
    Map<String, String> generated = CrdGeneration.generate();
    Path dir = Crds.directory();
    if (Boolean.getBoolean("update.crds")) {
      Files.createDirectories(dir);
      for (var file : generated.entrySet()) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(path -> path.getFileName().toString()).sorted())
          .as("files in %s (regenerate with: %s)", dir, UPDATE_COMMAND)
          .containsExactlyElementsOf(generated.keySet());
    }
    for (var file : generated.entrySet()) {
      assertThat(Files.readString(dir.resolve(file.getKey())))
          .as(
              "crds/%s differs from what the model generates; regenerate it with: %s",
              file.getKey(), UPDATE_COMMAND)
          .isEqualTo(file.getValue());
    }
  }
}
