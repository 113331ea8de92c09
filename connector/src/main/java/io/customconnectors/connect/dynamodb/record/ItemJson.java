package io.customconnectors.connect.dynamodb.record;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.customconnectors.connect.dynamodb.config.DocumentFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB items as JSON text. Numbers are copied as the decimal strings DynamoDB holds (up to 38
 * digits), never through a double, so nothing is rounded.
 */
public final class ItemJson {

  private static final JsonFactory JSON = new JsonFactory();

  private ItemJson() {}

  public static String write(Map<String, AttributeValue> item, DocumentFormat format) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      Set<String> written = new HashSet<>();
      for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
        String name = topLevelName(attribute.getKey(), format);
        // trustpilot kept the first of two attributes whose names sanitise alike ("Ship Mode",
        // "ShipMode"); a JSON object cannot hold both anyway.
        if (!written.add(name)) {
          continue;
        }
        json.writeFieldName(name);
        switch (format) {
          case JSON -> writePlain(json, attribute.getValue());
          case DYNAMODB_JSON -> writeTyped(json, attribute.getValue(), TypeTags.DYNAMODB);
          case TRUSTPILOT -> writeTyped(json, attribute.getValue(), TypeTags.TRUSTPILOT);
          default -> throw new IllegalArgumentException("Unknown document format " + format);
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * trustpilot's documents carry top-level names sanitised like its key fields (nested names as
   * they are); a name with nothing usable left stays as it is, since JSON takes any name.
   */
  private static String topLevelName(String attribute, DocumentFormat format) {
    if (format != DocumentFormat.TRUSTPILOT) {
      return attribute;
    }
    String name = AttributeNames.trustpilot(attribute);
    return name.isEmpty() ? attribute : name;
  }

  /**
   * The type tags of typed JSON: DynamoDB's own, or the lower-case ones trustpilot's connector got
   * by serialising the AWS SDK v1's AttributeValue beans with Jackson.
   */
  private enum TypeTags {
    DYNAMODB,
    TRUSTPILOT;

    String of(String tag) {
      return this == DYNAMODB ? tag : tag.toLowerCase(Locale.ROOT);
    }
  }

  private static void writePlain(JsonGenerator json, AttributeValue value) throws IOException {
    switch (value.type()) {
      case S -> json.writeString(value.s());
      case N -> json.writeNumber(value.n());
      case B -> json.writeString(base64(value.b()));
      case BOOL -> json.writeBoolean(value.bool());
      case NUL -> json.writeNull();
      case SS -> writeStrings(json, value.ss());
      case NS -> {
        json.writeStartArray();
        for (String number : value.ns()) {
          json.writeNumber(number);
        }
        json.writeEndArray();
      }
      case BS -> {
        json.writeStartArray();
        for (SdkBytes bytes : value.bs()) {
          json.writeString(base64(bytes));
        }
        json.writeEndArray();
      }
      case L -> {
        json.writeStartArray();
        for (AttributeValue item : value.l()) {
          writePlain(json, item);
        }
        json.writeEndArray();
      }
      case M -> {
        json.writeStartObject();
        for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
          json.writeFieldName(entry.getKey());
          writePlain(json, entry.getValue());
        }
        json.writeEndObject();
      }
      default -> throw new IllegalArgumentException("Unsupported DynamoDB attribute: " + value);
    }
  }

  private static void writeTyped(JsonGenerator json, AttributeValue value, TypeTags tags)
      throws IOException {
    json.writeStartObject();
    switch (value.type()) {
      case S -> json.writeStringField(tags.of("S"), value.s());
      case N -> json.writeStringField(tags.of("N"), value.n());
      case B -> json.writeStringField(tags.of("B"), base64(value.b()));
      case BOOL -> json.writeBooleanField(tags.of("BOOL"), value.bool());
      case NUL -> json.writeBooleanField(tags.of("NULL"), true);
      case SS -> {
        json.writeFieldName(tags.of("SS"));
        writeStrings(json, value.ss());
      }
      case NS -> {
        json.writeFieldName(tags.of("NS"));
        writeStrings(json, value.ns());
      }
      case BS -> {
        json.writeFieldName(tags.of("BS"));
        writeStrings(json, value.bs().stream().map(ItemJson::base64).toList());
      }
      case L -> {
        json.writeFieldName(tags.of("L"));
        json.writeStartArray();
        for (AttributeValue item : value.l()) {
          writeTyped(json, item, tags);
        }
        json.writeEndArray();
      }
      case M -> {
        json.writeFieldName(tags.of("M"));
        json.writeStartObject();
        for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
          json.writeFieldName(entry.getKey());
          writeTyped(json, entry.getValue(), tags);
        }
        json.writeEndObject();
      }
      default -> throw new IllegalArgumentException("Unsupported DynamoDB attribute: " + value);
    }
    json.writeEndObject();
  }

  private static void writeStrings(JsonGenerator json, List<String> values) throws IOException {
    json.writeStartArray();
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }

  /** Reads a primary key written by {@link #write} in DynamoDB JSON (S, N and B attributes). */
  public static Map<String, AttributeValue> readKey(String text) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    try (JsonParser json = JSON.createParser(text)) {
      expect(json.nextToken(), JsonToken.START_OBJECT, text);
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        expect(json.nextToken(), JsonToken.START_OBJECT, text);
        expect(json.nextToken(), JsonToken.FIELD_NAME, text);
        String type = json.currentName();
        json.nextToken();
        String value = json.getText();
        key.put(
            name,
            switch (type) {
              case "S" -> AttributeValue.fromS(value);
              case "N" -> AttributeValue.fromN(value);
              case "B" ->
                  AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value)));
              default -> throw new IllegalArgumentException("Not a key attribute type: " + type);
            });
        expect(json.nextToken(), JsonToken.END_OBJECT, text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key;
  }

  private static void expect(JsonToken actual, JsonToken expected, String text) {
    if (actual != expected) {
      throw new IllegalArgumentException("Not a DynamoDB key in JSON: " + text);
    }
  }
}
