package io.customconnectors.connect.dynamodb.config;

/** How an item is written into the record's document fields. */
public enum DocumentFormat {
  /**
   * Plain JSON ({"Sales": 561}): numbers exact, sets as arrays, binary base64. Not what
   * trustpilot's connector wrote.
   */
  JSON,
  /** DynamoDB's typed JSON ({"S": ...}, {"N": "1.50"}, {"SS": [...]}), lossless for every type. */
  DYNAMODB_JSON,
  /**
   * trustpilot's document: typed JSON with lower-case tags ({"s": ...}, {"n": "561"}) and top-level
   * attribute names sanitised as its key fields were ("Ship Mode" → "ShipMode").
   */
  TRUSTPILOT
}
