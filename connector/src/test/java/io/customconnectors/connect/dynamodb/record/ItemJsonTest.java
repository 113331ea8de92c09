package io.customconnectors.connect.dynamodb.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.config.DocumentFormat;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemJsonTest {

  private static Map<String, AttributeValue> everyType() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS("OD1"));
    item.put("price", AttributeValue.fromN("12345678901234567890.123456789012345678"));
    item.put("small", AttributeValue.fromN("0.1"));
    item.put("raw", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
    item.put("flag", AttributeValue.fromBool(true));
    item.put("nothing", AttributeValue.fromNul(true));
    item.put("tags", AttributeValue.fromSs(List.of("a", "b")));
    item.put("counts", AttributeValue.fromNs(List.of("1", "2.50")));
    item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
    item.put(
        "nested",
        AttributeValue.fromM(
            Map.of(
                "list",
                AttributeValue.fromL(
                    List.of(AttributeValue.fromN("3"), AttributeValue.fromS("s"))))));
    return item;
  }

  @Test
  void plainJsonKeepsEveryDigitOfNumbers() {
    String json = ItemJson.write(everyType(), DocumentFormat.JSON);

    assertThat(json)
        .isEqualTo(
            "{\"id\":\"OD1\",\"price\":12345678901234567890.123456789012345678,\"small\":0.1,"
                + "\"raw\":\"aGk=\",\"flag\":true,\"nothing\":null,\"tags\":[\"a\",\"b\"],"
                + "\"counts\":[1,2.50],\"blobs\":[\"eA==\"],\"nested\":{\"list\":[3,\"s\"]}}");
  }

  @Test
  void dynamoDbJsonKeepsTypesApart() {
    String json = ItemJson.write(everyType(), DocumentFormat.DYNAMODB_JSON);

    assertThat(json)
        .isEqualTo(
            "{\"id\":{\"S\":\"OD1\"},\"price\":{\"N\":\"12345678901234567890.123456789012345678\"},"
                + "\"small\":{\"N\":\"0.1\"},\"raw\":{\"B\":\"aGk=\"},\"flag\":{\"BOOL\":true},"
                + "\"nothing\":{\"NULL\":true},\"tags\":{\"SS\":[\"a\",\"b\"]},"
                + "\"counts\":{\"NS\":[\"1\",\"2.50\"]},\"blobs\":{\"BS\":[\"eA==\"]},"
                + "\"nested\":{\"M\":{\"list\":{\"L\":[{\"N\":\"3\"},{\"S\":\"s\"}]}}}}");
  }

  /**
   * The item of trustpilot's docs/data.md, whose document there reads {"attribute-ns":{"ns":["3",
   * "1"]},"attribute-bool":{"bool":true},"attribute-ss":{"ss":["1aa","2aa"]},"attribute-1":{"s":
   * "test185347"},"attribute-m":{"m":{"key1":{"s":"MTYPE"}}},"id":{"s":"5028"},"attribute-null":
   * {"null":true}}. That page predates trustpilot's name sanitising; its RecordConverter since
   * writes top-level names sanitised (its tests: "test-1234" becomes "test1234"), nested ones not.
   */
  @Test
  void trustpilotFormatIsTrustpilotsDocumentedOutput() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("attribute-ns", AttributeValue.fromNs(List.of("3", "1")));
    item.put("attribute-bool", AttributeValue.fromBool(true));
    item.put("attribute-ss", AttributeValue.fromSs(List.of("1aa", "2aa")));
    item.put("attribute-1", AttributeValue.fromS("test185347"));
    item.put("attribute-m", AttributeValue.fromM(Map.of("key1", AttributeValue.fromS("MTYPE"))));
    item.put("id", AttributeValue.fromS("5028"));
    item.put("attribute-null", AttributeValue.fromNul(true));

    assertThat(ItemJson.write(item, DocumentFormat.TRUSTPILOT))
        .isEqualTo(
            "{\"attributens\":{\"ns\":[\"3\",\"1\"]},\"attributebool\":{\"bool\":true},"
                + "\"attributess\":{\"ss\":[\"1aa\",\"2aa\"]},\"attribute1\":{\"s\":\"test185347\"},"
                + "\"attributem\":{\"m\":{\"key1\":{\"s\":\"MTYPE\"}}},\"id\":{\"s\":\"5028\"},"
                + "\"attributenull\":{\"null\":true}}");
  }

  /** trustpilot serialised the AWS SDK v1 beans: every tag lower case, numbers as strings. */
  @Test
  void trustpilotFormatTagsEveryTypeInLowerCaseAndSanitisesOnlyTopLevelNames() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("Order ID", AttributeValue.fromS("OD1"));
    item.put("Sales", AttributeValue.fromN("561"));
    item.put("Ship Mode", AttributeValue.fromM(Map.of("Sub Category", AttributeValue.fromS("x"))));
    item.put("ShipMode", AttributeValue.fromS("dropped: the name is taken"));
    item.put("raw", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
    item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
    item.put("list", AttributeValue.fromL(List.of(AttributeValue.fromN("3"))));

    assertThat(ItemJson.write(item, DocumentFormat.TRUSTPILOT))
        .isEqualTo(
            "{\"OrderID\":{\"s\":\"OD1\"},\"Sales\":{\"n\":\"561\"},"
                + "\"ShipMode\":{\"m\":{\"Sub Category\":{\"s\":\"x\"}}},"
                + "\"raw\":{\"b\":\"aGk=\"},\"blobs\":{\"bs\":[\"eA==\"]},"
                + "\"list\":{\"l\":[{\"n\":\"3\"}]}}");
  }

  @Test
  void keysRoundTripThroughDynamoDbJson() {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put("Order ID", AttributeValue.fromS("OD1"));
    key.put("line", AttributeValue.fromN("10.0"));
    key.put("bin", AttributeValue.fromB(SdkBytes.fromUtf8String("k")));

    assertThat(ItemJson.readKey(ItemJson.write(key, DocumentFormat.DYNAMODB_JSON))).isEqualTo(key);
  }
}
