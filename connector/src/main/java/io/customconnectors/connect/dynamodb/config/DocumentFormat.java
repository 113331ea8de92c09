package io.customconnectors.connect.dynamodb.config;

/** How an item is written into the record's document fields. */
public enum DocumentFormat {
  /**
   * Plain JSON, as trustpilot's connector writes it: numbers exact, sets as arrays, binary base64.
   */
  JSON,
  /** DynamoDB's typed JSON ({"S": ...}, {"N": "1.50"}, {"SS": [...]}), lossless for every type. */
  DYNAMODB_JSON
}
