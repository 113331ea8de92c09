package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void longSecretsAreRemovedWhereverTheyAppear() {
    assertThat(Redaction.redact("key=abcdef123456;x", List.of("abcdef123456")))
        .isEqualTo("key=[redacted];x");
  }

  @Test
  void shortSecretsAreRemovedOnlyWhereTheyStandAlone() {
    assertThat(Redaction.redact("secret 123 at line 1234 of 123abc", List.of("123")))
        .isEqualTo("secret [redacted] at line 1234 of 123abc");
  }

  @Test
  void nothingToRedactLeavesTheTextAlone() {
    assertThat(Redaction.redact("plain", List.of())).isEqualTo("plain");
    assertThat(Redaction.redact(null, List.of("x"))).isNull();
  }
}
