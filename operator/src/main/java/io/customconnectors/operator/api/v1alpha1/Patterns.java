package io.customconnectors.operator.api.v1alpha1;

/**
 * Regular expressions of the schema. The API server evaluates them with Go's RE2 (as a schema
 * pattern, or in CEL's {@code matches()} inside a raw string {@code r'...'}), the tests with Java,
 * so they avoid look-arounds and any syntax the two read differently.
 */
public final class Patterns {

  /** A fully qualified Java class name, nested classes with {@code $} allowed. */
  public static final String JAVA_CLASS_NAME =
      "^([A-Za-z_$][A-Za-z0-9_$]*[.])*[A-Za-z_$][A-Za-z0-9_$]*$";

  /** The CEL rule and message both kinds apply to a connector class field. */
  public static final String JAVA_CLASS_RULE = "self.matches(r'" + JAVA_CLASS_NAME + "')";

  public static final String JAVA_CLASS_MESSAGE =
      "spec.connectorClass must be a fully qualified Java class name, e.g."
          + " io.customconnectors.connect.dynamodb.DynamoDbSourceConnector";

  /**
   * A connector name as Confluent Cloud accepts it (letters, digits, marks, spaces and {@code
   * .,&_+|[]-}), without leading or trailing spaces; Kafka Connect accepts a superset.
   */
  public static final String CONNECTOR_NAME =
      "^[\\p{L}\\p{N}\\p{M}.,&_+|\\[\\]-]([\\p{L}\\p{N}\\p{M} .,&_+|\\[\\]-]*[\\p{L}\\p{N}\\p{M}.,&_+|\\[\\]-])?$";

  private static final String DNS_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  private static final String PORT =
      "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

  /** An egress endpoint: {@code host:port}, optionally {@code :TCP} or {@code :UDP}. */
  public static final String ENDPOINT =
      "^(" + DNS_LABEL + "[.])*" + DNS_LABEL + ":" + PORT + "(:(TCP|UDP))?$";

  /** A lower- or upper-case hex SHA-256 digest. */
  public static final String SHA256 = "^[A-Fa-f0-9]{64}$";

  /** An http(s) URL with a host. */
  public static final String HTTP_URL = "^https?://[^\\s/?#]+([/?#]\\S*)?$";

  /** The name of a Kubernetes object (DNS-1123 subdomain). */
  public static final String OBJECT_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key inside a Secret. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  /** A Kafka Connect configuration key. */
  public static final String CONFIG_KEY = "^[A-Za-z0-9_.-]+$";

  /** A Kafka topic name. */
  public static final String TOPIC = "^[a-zA-Z0-9._-]{1,249}$";

  private Patterns() {}
}
