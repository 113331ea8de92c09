package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes requests by method and path template ({@code /plugins/{id}}) to handlers. */
final class Router {

  /** Handles one matched call. */
  interface Handler {
    Reply handle(Call call) throws Exception;
  }

  record Route(
      String method,
      String template,
      ErrorShape shape,
      boolean authenticated,
      Handler handler,
      Pattern pattern,
      List<String> names) {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, ErrorShape shape, Handler handler) {
    return add(method, template, shape, true, handler);
  }

  /** A route anyone may call, like a presigned upload URL. */
  Router addPublic(String method, String template, ErrorShape shape, Handler handler) {
    return add(method, template, shape, false, handler);
  }

  private Router add(
      String method, String template, ErrorShape shape, boolean authenticated, Handler handler) {
    List<String> names = new ArrayList<>();
    Matcher params = Pattern.compile("\\{([^}]+)}").matcher(template);
    StringBuilder regex = new StringBuilder("^");
    int last = 0;
    while (params.find()) {
      regex.append(Pattern.quote(template.substring(last, params.start()))).append("([^/]+)");
      names.add(params.group(1));
      last = params.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append("/?$");
    routes.add(
        new Route(
            method,
            template,
            shape,
            authenticated,
            handler,
            Pattern.compile(regex.toString()),
            names));
    return this;
  }

  /** The route for a call, with the call's path parameters filled in. */
  Optional<Route> match(Call call) {
    for (Route route : routes) {
      Matcher matcher = route.pattern().matcher(call.path);
      if (route.method().equals(call.method) && matcher.matches()) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < route.names().size(); i++) {
          params.put(route.names().get(i), Call.decode(matcher.group(i + 1)));
        }
        call.pathParams = params;
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /** Whether any route has this path (for 405 rather than 404). */
  boolean knowsPath(String path) {
    return routes.stream().anyMatch(route -> route.pattern().matcher(path).matches());
  }
}
