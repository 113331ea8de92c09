package io.customconnectors.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogLevelsTest {

  @Test
  void oneLevelIsTheDefaultOfEveryLogger() {
    assertThat(LogLevels.systemProperties("DEBUG"))
        .containsExactly(java.util.Map.entry("org.slf4j.simpleLogger.defaultLogLevel", "debug"));
  }

  @Test
  void loggersTakeTheirOwnLevels() {
    assertThat(LogLevels.systemProperties(" info, io.customconnectors=debug ,io.fabric8 = warn"))
        .containsEntry("org.slf4j.simpleLogger.defaultLogLevel", "info")
        .containsEntry("org.slf4j.simpleLogger.log.io.customconnectors", "debug")
        .containsEntry("org.slf4j.simpleLogger.log.io.fabric8", "warn")
        .hasSize(3);
  }

  @Test
  void unsetChangesNothing() {
    assertThat(LogLevels.systemProperties(null)).isEmpty();
    assertThat(LogLevels.systemProperties("  ")).isEmpty();
  }

  @Test
  void aWrongLevelOrLoggerIsNamed() {
    assertThatThrownBy(() -> LogLevels.systemProperties("info,io.fabric8=loud"))
        .hasMessageContaining("LOG_LEVEL")
        .hasMessageContaining("'loud' is not a level")
        .hasMessageContaining("info,io.customconnectors=debug");
    assertThatThrownBy(() -> LogLevels.systemProperties("=debug"))
        .hasMessageContaining("names no logger");
  }

  @Test
  void aLevelGivenOnTheCommandLineWins() {
    String key = "org.slf4j.simpleLogger.log.io.customconnectors.loglevelstest";
    System.setProperty(key, "error");
    try {
      LogLevels.apply("io.customconnectors.loglevelstest=trace");
      assertThat(System.getProperty(key)).isEqualTo("error");
      System.clearProperty(key);
      LogLevels.apply("io.customconnectors.loglevelstest=trace");
      assertThat(System.getProperty(key)).isEqualTo("trace");
    } finally {
      System.clearProperty(key);
    }
  }
}
