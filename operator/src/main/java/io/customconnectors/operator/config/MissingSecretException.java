package io.customconnectors.operator.config;

/** A Secret, or a key in it, that the resource refers to does not exist. */
public class MissingSecretException extends Exception {
  public MissingSecretException(String message) {
    super(message);
  }
}
