package io.customconnectors.operator.status;

import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.customconnectors.operator.api.v1alpha1.Reason;

/**
 * What kind of error a connector reports, and what to do about it: a table of rules, the first
 * whose pattern is found in the error wins. The patterns are the DynamoDB connector's own
 * explanations (it names the key or host to fix), AWS's error codes, Kafka's and Confluent Cloud's
 * words; a new rule is one line.
 */
public final class ErrorRules {

  /** Where the connector runs: the fix for a blocked host differs. */
  public enum Target {
    KAFKA_CONNECT,
    CONFLUENT_CLOUD
  }

  /** An error's kind and the fix, in a sentence. */
  public record Classified(Reason reason, String hint) {}

  private record Rule(Reason reason, Pattern pattern, BiFunction<Matcher, Target, String> hint) {}

  private static final List<Rule> RULES =
      List.of(
          rule(
              Reason.AuthenticationFailed,
              "AWS rejected the credentials|UnrecognizedClientException|InvalidClientTokenId"
                  + "|InvalidAccessKeyId",
              (m, t) ->
                  "AWS does not know the access key id: fix aws.access.key.id in the Secret"
                      + " spec.configFrom reads"),
          rule(
              Reason.AuthenticationFailed,
              "AWS rejected the request signature|InvalidSignatureException|SignatureDoesNotMatch",
              (m, t) ->
                  "aws.secret.key does not belong to aws.access.key.id: put the secret issued with"
                      + " that key id in the Secret spec.configFrom reads"),
          rule(
              Reason.AuthenticationFailed,
              "AWS session token expired|ExpiredToken",
              (m, t) -> "Refresh aws.session.token, or use long-lived credentials or a role"),
          rule(
              Reason.AuthenticationFailed,
              "No AWS credentials",
              (m, t) ->
                  "Set aws.access.key.id and aws.secret.key through spec.configFrom, or give the"
                      + " workers credentials"),
          rule(
              Reason.AuthenticationFailed,
              "Kafka ApiKey is invalid|SaslAuthenticationException|Authentication failed",
              (m, t) ->
                  t == Target.CONFLUENT_CLOUD
                      ? "Fix the Kafka API key in the Secret spec.kafkaAuth names (a key of this"
                          + " Kafka cluster, not a Cloud API key)"
                      : "Fix the worker's Kafka credentials"),
          rule(
              Reason.PermissionDenied,
              // An ARN may hold dots (a stream label's fractional seconds): it ends at the blank,
              // not counting the closing punctuation before it.
              "is not authorized to perform: ([\\w:*-]+)(?: on resource: (\\S+?))?(?=[).,;]*\\s)",
              (m, t) ->
                  "Grant "
                      + m.group(1)
                      + (m.group(2) == null ? "" : " on " + m.group(2))
                      + " to the connector's IAM user or role"
                      + (m.group(2) != null && m.group(2).contains("/stream/")
                          ? " (a policy on "
                              + m.group(2).substring(0, m.group(2).indexOf("/stream/") + 8)
                              + "* goes on working when the stream is enabled again)"
                          : "")),
          rule(
              Reason.PermissionDenied,
              "AccessDenied|UnauthorizedOperation|Missing AWS permission",
              (m, t) -> "Grant the AWS action the error names to the connector's IAM user or role"),
          rule(
              Reason.NetworkUnreachable,
              "Cannot reach ([A-Za-z0-9.-]+)",
              (m, t) ->
                  t == Target.CONFLUENT_CLOUD
                      ? "Add "
                          + m.group(1)
                          + ":443 to spec.networking.endpoints (or set"
                          + " spec.networking.deriveAwsEndpoints)"
                      : "Let the Connect workers open connections to " + m.group(1) + ":443"),
          rule(
              Reason.NetworkUnreachable,
              "UnknownHostException|ConnectException: Connection refused|connect timed out"
                  + "|Unable to execute HTTP request",
              (m, t) ->
                  t == Target.CONFLUENT_CLOUD
                      ? "Add the host the error names to spec.networking.endpoints"
                      : "Let the Connect workers reach the host the error names"),
          rule(
              Reason.Throttled,
              "DynamoDB throttled the connector|ThrottlingException"
                  + "|ProvisionedThroughputExceededException|LimitExceededException",
              (m, t) -> "Raise the table's read capacity, or lower snapshot.scan.segments"),
          rule(
              Reason.ResourceNotFound,
              "Table (\\S+) does not exist|Not found in \\S+ while [^(]*\\btable (\\S+) \\(",
              (m, t) ->
                  "Create table "
                      + (m.group(1) != null ? m.group(1) : m.group(2))
                      + " in aws.region, or fix dynamodb.tables.include or aws.region in"
                      + " spec.config"),
          rule(
              Reason.ResourceNotFound,
              "in (\\S+) carries tag '?([^'\\s]+)'? (?:and|with) ([^=\\s]+)=([^\\s:]*?)[.:]?\\s",
              (m, t) ->
                  "Tag the tables to read in "
                      + m.group(1)
                      + " with "
                      + m.group(2)
                      + " and "
                      + m.group(3)
                      + "="
                      + m.group(4)
                      + ", or fix the tag keys and value (dynamodb.table.ingestion.tag.key,"
                      + " dynamodb.table.env.tag.*) or list the tables in dynamodb.tables.include"
                      + " in spec.config"),
          rule(
              Reason.ResourceNotFound,
              "Not found in \\S+ while|ResourceNotFoundException|has no stream|No table"
                  + "|does not exist",
              (m, t) ->
                  "Check the table names (or tags) in spec.config, their streams, and aws.region"),
          rule(
              Reason.ConfigurationInvalid,
              "There were some errors with your configuration|ConfigException|Invalid value"
                  + "|must be ",
              (m, t) -> "Fix the config key the error names in spec.config"));

  private ErrorRules() {}

  private static Rule rule(
      Reason reason, String pattern, BiFunction<Matcher, Target, String> hint) {
    return new Rule(reason, Pattern.compile(pattern), hint);
  }

  /** The first rule that finds its pattern in {@code error}; Unknown when none does. */
  public static Classified classify(String error, Target target) {
    String text = error == null ? "" : error;
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(text + " ");
      if (matcher.find()) {
        return new Classified(rule.reason(), rule.hint().apply(matcher, target));
      }
    }
    return new Classified(
        Reason.Unknown, "Read the error; the connector's trace in status.tasks has more");
  }
}
