package io.customconnectors.connect.dynamodb.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AttributeNamesTest {

  /** Avro's rule for names, which Connect's Avro converter applies to field and schema names. */
  private static final String AVRO_NAME = "[A-Za-z_][A-Za-z0-9_]*";

  private static final List<String> AWKWARD =
      List.of("Order ID", "12x", "-1x", "#2a", "1-starts-with-number", "test!@£$%^", "_ok", "a-b");

  @Test
  void trustpilotsRuleStripsOneLeadingInvalidCharacterAndEveryLaterOne() {
    // Examples from trustpilot's RecordConverterTests, and what its regex does to "12x".
    assertThat(AttributeNames.trustpilot("test-1234")).isEqualTo("test1234");
    assertThat(AttributeNames.trustpilot("1-starts-with-number")).isEqualTo("startswithnumber");
    assertThat(AttributeNames.trustpilot("_starts_with_underscore"))
        .isEqualTo("_starts_with_underscore");
    assertThat(AttributeNames.trustpilot("test!@£$%^")).isEqualTo("test");
    assertThat(AttributeNames.trustpilot("Ship Mode")).isEqualTo("ShipMode");
    assertThat(AttributeNames.trustpilot("12x")).isEqualTo("2x");
  }

  @Test
  void keyFieldsMatchTrustpilotWhereItsNameIsValidAndAreValidWhereItsIsNot() {
    assertThat(AttributeNames.trustpilotField("1-starts-with-number"))
        .isEqualTo("startswithnumber");
    assertThat(AttributeNames.trustpilotField("Order ID")).isEqualTo("OrderID");
    assertThat(AttributeNames.trustpilotField("12x")).isEqualTo("_2x");
    assertThat(AttributeNames.trustpilotField("-1x")).isEqualTo("_1x");
    assertThat(AttributeNames.field("12x")).isEqualTo("x");
    for (String attribute : AWKWARD) {
      assertThat(AttributeNames.field(attribute)).matches(AVRO_NAME);
      assertThat(AttributeNames.trustpilotField(attribute)).matches(AVRO_NAME);
    }
  }

  @Test
  void schemaNamesFixALeadingDigitAsTrustpilotsAdjusterDidAndEveryPartAfterIt() {
    assertThat(AttributeNames.schemaName("supermarket-customerSupermarket_dynamodb.Key"))
        .isEqualTo("supermarket_customerSupermarket_dynamodb.Key");
    assertThat(AttributeNames.schemaName("1orders.Key")).isEqualTo("_orders.Key");
    assertThat(AttributeNames.schemaName("dynamodb.1orders.Key"))
        .isEqualTo("dynamodb._1orders.Key");
    for (String topic : List.of("1orders", ".orders", "a..b", "x.2", "-", "ok.topic")) {
      assertThat(AttributeNames.schemaName(topic + ".Key"))
          .matches(AVRO_NAME + "(\\." + AVRO_NAME + ")*");
    }
  }
}
