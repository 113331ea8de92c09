package io.customconnectors.connect.dynamodb.config;

/**
 * What to do when stream records were trimmed (24 h retention) before the connector read them:
 * never skip silently.
 */
public enum DataLossAction {
  /** Log the loss as an error and read the whole table again. */
  RESNAPSHOT,
  /** Fail the task with a message naming the table and the lost interval. */
  FAIL
}
