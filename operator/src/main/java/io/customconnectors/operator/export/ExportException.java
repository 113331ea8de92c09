package io.customconnectors.operator.export;

/** The export cannot go on; the message says what to do. */
final class ExportException extends RuntimeException {

  ExportException(String message) {
    super(message);
  }
}
