package io.customconnectors.connect.dynamodb.aws;

import java.util.List;

/** The Resource Groups Tagging API call that finds tables by tag. */
public interface TagApi {

  /**
   * ARNs of DynamoDB tables that carry {@code ingestionKey} (any value) and whose {@code envKey}
   * tag equals {@code envValue}: {@code GetResources}, all pages.
   */
  List<String> taggedTables(String ingestionKey, String envKey, String envValue);
}
