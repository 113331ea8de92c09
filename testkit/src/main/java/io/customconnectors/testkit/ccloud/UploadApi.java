package io.customconnectors.testkit.ccloud;

import java.util.List;
import java.util.Map;

/**
 * The fake object store at the presigned {@code upload_url}: S3's form POST (AWS) and the PUTs of
 * GCS and Azure Blob Storage, answering the way those stores do (XML errors, 204/200/201).
 */
final class UploadApi {

  private static final List<String> REQUIRED_S3_FIELDS =
      List.of("key", "policy", "x-amz-signature");

  private final Uploads uploads;

  UploadApi(Uploads uploads) {
    this.uploads = uploads;
  }

  void register(Router router) {
    router.addPublic("POST", "/upload/s3/{bucket}", ErrorShape.FAILURE, this::s3Post);
    router.addPublic(
        "PUT", "/upload/gcp/{id}/{file}", ErrorShape.FAILURE, call -> put(call, false));
    router.addPublic(
        "PUT", "/upload/azure/{id}/{file}", ErrorShape.FAILURE, call -> put(call, true));
  }

  private Reply s3Post(Call call) {
    Map<String, Multipart.Part> form;
    try {
      form = Multipart.parse(call.header("Content-Type").orElse(null), call.body);
    } catch (ApiException e) {
      return s3Error(400, "InvalidArgument", e.getMessage());
    }
    for (String field : REQUIRED_S3_FIELDS) {
      if (!form.containsKey(field)) {
        return s3Error(
            400, "InvalidArgument", "Bucket POST must contain a field named '" + field + "'.");
      }
    }
    Multipart.Part file = form.get("file");
    if (file == null) {
      return s3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.");
    }
    if (!uploads.accept(form.get("key").text(), file.content())) {
      return s3Error(403, "AccessDenied", "Invalid according to Policy: Policy expired.");
    }
    return Reply.empty(204);
  }

  private Reply put(Call call, boolean azure) {
    if (azure && !"BlockBlob".equals(call.header("x-ms-blob-type").orElse(null))) {
      return Reply.text(
          400,
          "application/xml",
          "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>MissingRequiredHeader</Code>"
              + "<Message>An HTTP header that's mandatory for this request is not specified.</Message>"
              + "<HeaderName>x-ms-blob-type</HeaderName></Error>");
    }
    if (!uploads.accept(call.param("id"), call.body)) {
      return s3Error(403, "AccessDenied", "Request has expired");
    }
    return Reply.empty(azure ? 201 : 200);
  }

  private static Reply s3Error(int status, String code, String message) {
    return Reply.text(
        status,
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error>");
  }
}
