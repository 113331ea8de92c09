package io.customconnectors.testkit.ccloud;

/** An error answer: status, machine code and message; the route decides its body shape. */
final class ApiException extends RuntimeException {

  final int status;
  final String code;
  final String pointer;
  final ErrorShape shape;

  ApiException(int status, String code, String message, String pointer, ErrorShape shape) {
    super(message);
    this.status = status;
    this.code = code;
    this.pointer = pointer;
    this.shape = shape;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message, null, null);
  }

  static ApiException invalid(String pointer, String message) {
    return new ApiException(422, "invalid_configuration", message, pointer, null);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null, null);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, "resource_already_exists", message, null, null);
  }

  /**
   * Forces a body shape regardless of the route's family (connect/v1's Kafka-Connect-style errors).
   */
  ApiException as(ErrorShape forced) {
    return new ApiException(status, code, getMessage(), pointer, forced);
  }

  Reply reply(ErrorShape routeShape) {
    ErrorShape body = shape == null ? routeShape : shape;
    return Reply.json(status, body.body(status, code, getMessage(), pointer));
  }
}
