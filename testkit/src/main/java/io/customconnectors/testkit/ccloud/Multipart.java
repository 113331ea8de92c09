package io.customconnectors.testkit.ccloud;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal multipart/form-data reader for the fake S3 bucket's POST uploads. */
final class Multipart {

  record Part(String name, String filename, byte[] content) {

    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

  private Multipart() {}

  /** The parts by field name; fails with a 400 when the body is not multipart. */
  static Map<String, Part> parse(String contentType, byte[] body) {
    Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (contentType == null || !contentType.startsWith("multipart/form-data") || !boundary.find()) {
      throw ApiException.badRequest(
          "Bucket POST must be of the enclosure-type multipart/form-data");
    }
    byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Part> parts = new LinkedHashMap<>();
    int start = indexOf(body, delimiter, 0);
    while (start >= 0) {
      int headerStart = start + delimiter.length;
      if (headerStart + 2 <= body.length
          && body[headerStart] == '-'
          && body[headerStart + 1] == '-') {
        break;
      }
      headerStart += 2; // CRLF after the delimiter
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
      int next = indexOf(body, delimiter, headerEnd);
      if (headerEnd < 0 || next < 0) {
        throw ApiException.badRequest("Malformed multipart body");
      }
      String headers =
          new String(body, headerStart, headerEnd - headerStart, StandardCharsets.UTF_8);
      byte[] content = Arrays.copyOfRange(body, headerEnd + 4, next - 2);
      Matcher name = NAME.matcher(headers);
      if (name.find()) {
        Matcher filename = FILENAME.matcher(headers);
        parts.put(
            name.group(1),
            new Part(name.group(1), filename.find() ? filename.group(1) : null, content));
      }
      start = next;
    }
    return parts;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
