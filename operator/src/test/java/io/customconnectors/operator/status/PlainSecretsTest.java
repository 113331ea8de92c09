package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlainSecretsTest {

  @Test
  void secretsAreFoundByTheirNameOrBecauseThePluginDeclaresThem() {
    Map<String, String> config =
        Map.of(
            "aws.region", "us-east-2",
            "aws.access.key.id", "AKIA",
            "aws.secret.key", "s",
            "ssl.truststore.password", "p",
            "oauth.token", "t",
            "primary.key", "id",
            "tokenizer.enabled", "true",
            "custom.salt", "x");
    assertThat(PlainSecrets.find(config, List.of("custom.salt")))
        .containsExactly("aws.secret.key", "custom.salt", "oauth.token", "ssl.truststore.password");
    assertThat(PlainSecrets.find(Map.of("aws.region", "us-east-2"), null)).isEmpty();
    assertThat(PlainSecrets.find(null, null)).isEmpty();
  }
}
