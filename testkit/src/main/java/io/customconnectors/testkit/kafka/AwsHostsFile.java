package io.customconnectors.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.regions.Region;

/**
 * A hosts file (for {@code -Djdk.net.hosts.file}) that resolves the regional DynamoDB, DynamoDB
 * Streams, Tagging and STS host names to 127.0.0.1. A connector told to use {@code
 * http://dynamodb.us-east-2.amazonaws.com:<port>} then reaches a local stand-in while its messages
 * still name the AWS host a user would have to allow.
 */
final class AwsHostsFile {

  static final List<String> SERVICES = List.of("dynamodb", "streams.dynamodb", "tagging", "sts");

  private AwsHostsFile() {}

  static Path write(Path file) {
    List<String> lines = new ArrayList<>();
    lines.add("127.0.0.1 localhost");
    for (Region region : Region.regions()) {
      if (region.isGlobalRegion()) {
        continue;
      }
      for (String service : SERVICES) {
        lines.add("127.0.0.1 " + service + "." + region.id() + ".amazonaws.com");
      }
    }
    try {
      Files.write(file, lines);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
