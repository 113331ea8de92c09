package io.customconnectors.testkit.ccloud;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * List pagination of the plugin and ccpm APIs: {@code page_size} (default 10, at most 100) and an
 * opaque {@code page_token}; the next page's URL is in {@code metadata.next}.
 */
final class Page {

  private Page() {}

  static Map<String, Object> of(Call call, String apiVersion, String kind, List<?> all) {
    int size = call.query("page_size").map(Page::size).orElse(10);
    int offset = call.query("page_token").map(Page::offset).orElse(0);
    List<?> items = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + size));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("first", call.base.resolve(call.path).toString());
    metadata.put("total_size", all.size());
    if (offset + size < all.size()) {
      String token =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(("o" + (offset + size)).getBytes(StandardCharsets.UTF_8));
      String query =
          call.rawQuery == null ? "" : call.rawQuery.replaceAll("(^|&)page_token=[^&]*", "");
      query = (query.isEmpty() ? "" : query.replaceAll("^&", "") + "&") + "page_token=" + token;
      metadata.put("next", call.base.resolve(call.path) + "?" + query);
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("api_version", apiVersion);
    page.put("kind", kind);
    page.put("metadata", metadata);
    page.put("data", items);
    return page;
  }

  private static int size(String text) {
    try {
      int size = Integer.parseInt(text);
      if (size < 1 || size > 100) {
        throw ApiException.badRequest("page_size must be between 1 and 100");
      }
      return size;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("page_size must be a number");
    }
  }

  private static int offset(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!decoded.startsWith("o")) {
        throw new IllegalArgumentException();
      }
      return Integer.parseInt(decoded.substring(1));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("page_token is invalid or expired; start the listing again");
    }
  }
}
