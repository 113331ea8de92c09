package io.customconnectors.testkit.kube;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log file read the way the kubelet reads a container's CRI log ({@code
 * k8s.io/cri-client/pkg/logs}): every line carries the time it was written, {@code tailLines} picks
 * the last lines before {@code sinceTime} drops older ones, {@code limitBytes} cuts the output,
 * timestamps included. Here a line's time comes from Connect's log4j prefix {@code [yyyy-MM-dd
 * HH:mm:ss,SSS]}, in the zone the worker logs in; a line without one (a stack trace) has the time
 * of the line before it.
 */
final class ContainerLog {

  /** The kubelet's {@code RFC3339NanoFixed}: always nine fraction digits. */
  static final DateTimeFormatter KUBELET_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

  private static final Pattern LOG4J_TIME =
      Pattern.compile("^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3})]");
  private static final DateTimeFormatter LOG4J_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  /** One line as written, its {@code \n} included. */
  record Line(Instant time, String text) {}

  /** The kubelet's options of {@code GET /containerLogs}; null means not given. */
  record Options(boolean timestamps, Instant since, Long tailLines, Long limitBytes) {

    static final Options ALL = new Options(false, null, null, null);

    /**
     * Reads the query the API server sends: {@code sinceSeconds} counts back from {@code now} and
     * {@code sinceTime} wins when it is later, as in the kubelet's {@code NewLogOptions}.
     */
    static Options fromQuery(Map<String, String> query, Instant now) {
      Instant since = null;
      if (query.containsKey("sinceSeconds")) {
        since = now.minusSeconds(Long.parseLong(query.get("sinceSeconds")));
      }
      if (query.containsKey("sinceTime")) {
        Instant sinceTime = OffsetDateTime.parse(query.get("sinceTime")).toInstant();
        since = since == null || sinceTime.isAfter(since) ? sinceTime : since;
      }
      return new Options(
          Boolean.parseBoolean(query.get("timestamps")),
          since,
          query.containsKey("tailLines") ? Long.valueOf(query.get("tailLines")) : null,
          query.containsKey("limitBytes") ? Long.valueOf(query.get("limitBytes")) : null);
    }
  }

  private ContainerLog() {}

  /**
   * The file's complete lines (a line still being written is left for the next read, as the runtime
   * only records whole lines), times read in {@code zone}. Lines before the first stamped one take
   * its time, or the file's modification time if no line is stamped.
   */
  static List<Line> read(Path file, ZoneId zone) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    return parse(content.substring(0, content.lastIndexOf('\n') + 1), zone, modified);
  }

  static List<Line> parse(String content, ZoneId zone, Instant unstamped) {
    List<String> texts = Arrays.stream(content.split("(?<=\n)")).filter(s -> !s.isEmpty()).toList();
    Instant[] times = new Instant[texts.size()];
    Instant first = null;
    for (int i = 0; i < texts.size(); i++) {
      Matcher stamp = LOG4J_TIME.matcher(texts.get(i));
      if (stamp.find()) {
        times[i] = LocalDateTime.parse(stamp.group(1), LOG4J_FORMAT).atZone(zone).toInstant();
        first = first == null ? times[i] : first;
      } else {
        times[i] = i > 0 ? times[i - 1] : null;
      }
    }
    List<Line> lines = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      Instant time = times[i] != null ? times[i] : first != null ? first : unstamped;
      lines.add(new Line(time, texts.get(i)));
    }
    return lines;
  }

  /** The response body the kubelet would send for these lines. */
  static byte[] render(List<Line> lines, Options options) {
    int from = 0;
    if (options.tailLines() != null) {
      from = (int) Math.max(0, lines.size() - Math.min(options.tailLines(), lines.size()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Line line : lines.subList(from, lines.size())) {
      if (options.since() != null && line.time().isBefore(options.since())) {
        continue;
      }
      String text =
          options.timestamps() ? KUBELET_TIME.format(line.time()) + " " + line.text() : line.text();
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = out.toByteArray();
    return options.limitBytes() != null && options.limitBytes() < body.length
        ? Arrays.copyOf(body, options.limitBytes().intValue())
        : body;
  }
}
