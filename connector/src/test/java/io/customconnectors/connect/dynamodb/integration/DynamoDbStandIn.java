package io.customconnectors.connect.dynamodb.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB endpoint for benchmarks: read-only tables of generated Supermart-shaped items served
 * from memory over the DynamoDB JSON 1.0 protocol, fast enough that the connector, not the server,
 * is what a benchmark measures (moto's Python Scan caps both at about 1,000 items/s).
 *
 * <p>It answers only what a snapshot_then_stream task with listed tables asks: DescribeTable, Scan
 * (Segment, TotalSegments, ExclusiveStartKey, Limit, ReturnConsumedCapacity), and on the same
 * endpoint the Streams calls DescribeStream, GetShardIterator and GetRecords, the last always
 * empty, so the task idles on its stream once the snapshot is done.
 *
 * <p>Item {@code i} (0-based) has key {@code "OD" + (i + 1)} and the other columns of one of {@link
 * #DISTINCT_ROWS} generated rows, serialized once: a page is copied together from those bytes, so a
 * Scan costs a memory copy, and memory stays the same whatever the table size. Segment {@code s} of
 * {@code n} holds a contiguous range of indexes.
 */
final class DynamoDbStandIn implements AutoCloseable {

  static final String REGION = TestBed.REGION;

  /** Rows whose serialized columns are reused round-robin: enough variety, little memory. */
  private static final int DISTINCT_ROWS = 10_000;

  /** DynamoDB stops a Scan page at 1 MB of items. */
  private static final int PAGE_BYTES = 1 << 20;

  private static final String KEY = SupermartTable.PARTITION_KEY;
  private static final String SHARD_ID = "shardId-00000001-standin";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] ITEM_START =
      ("{\"" + KEY + "\":{\"S\":\"OD").getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_END = "\"},".getBytes(StandardCharsets.UTF_8);

  private final Map<String, Long> tables;
  private final byte[][] columns;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final Queue<Thread> handlerThreads = new ConcurrentLinkedQueue<>();

  /** Each handler thread builds its pages in one buffer, reused: no 1 MB allocation per page. */
  private final ThreadLocal<ByteArrayOutputStream> pageBuffers =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(PAGE_BYTES + 64 * 1024));

  private DynamoDbStandIn(Map<String, Long> tables, byte[][] columns) throws IOException {
    this.tables = Map.copyOf(tables);
    this.columns = columns;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    // One thread per concurrent request the clients may make (4 segments, stream, describes).
    handlers =
        Executors.newFixedThreadPool(
            16,
            task -> {
              Thread thread = new Thread(task, "dynamodb-stand-in-" + handlerThreads.size());
              thread.setDaemon(true);
              handlerThreads.add(thread);
              return thread;
            });
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves the given tables (name to item count) on a free loopback port. */
  static DynamoDbStandIn start(Map<String, Long> tables) {
    try {
      return new DynamoDbStandIn(tables, serializedColumns());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the DynamoDB stand-in", e);
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * CPU time the request handlers used so far (HTTP parsing of request headers, done by the JDK
   * server's dispatcher thread, not included): what serving costs, apart from the client's work.
   */
  long handlerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : handlerThreads) {
      total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
    }
    return total;
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  /** Each row's columns but the key, as the JSON text between the braces of an item. */
  private static byte[][] serializedColumns() {
    List<SupermartSales.Row> rows =
        SupermartSales.generate(DISTINCT_ROWS, SupermartSales.DEFAULT_SEED);
    byte[][] columns = new byte[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(SupermartTable.item(rows.get(i)));
      item.remove(KEY);
      columns[i] = attributeValueJson(item).getBytes(StandardCharsets.UTF_8);
    }
    return columns;
  }

  /** The wire form of an item's attributes ({"S": ...} / {"N": ...}) without the outer braces. */
  private static String attributeValueJson(Map<String, AttributeValue> item) {
    Map<String, Map<String, String>> wire = new LinkedHashMap<>();
    item.forEach(
        (name, value) ->
            wire.put(name, value.n() != null ? Map.of("N", value.n()) : Map.of("S", value.s())));
    try {
      String object = JSON.writeValueAsString(wire);
      return object.substring(1, object.length() - 1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      JsonNode request;
      try (InputStream body = exchange.getRequestBody()) {
        request = JSON.readTree(body.readAllBytes());
      }
      // "DynamoDB_20120810.Scan", "DynamoDBStreams_20120810.GetRecords": one endpoint serves both.
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      String operation = target.substring(target.indexOf('.') + 1);
      try {
        reply(exchange, 200, answer(operation, request));
      } catch (NotFound missing) {
        reply(exchange, 400, error("ResourceNotFoundException", missing.getMessage()));
      } catch (RuntimeException unexpected) {
        reply(exchange, 400, error("ValidationException", unexpected.toString()));
      }
    } finally {
      exchange.close();
    }
  }

  private ByteArrayOutputStream answer(String operation, JsonNode request) throws IOException {
    switch (operation) {
      case "DescribeTable":
        return json(Map.of("Table", describe(table(request))));
      case "Scan":
        return scan(table(request), request);
      case "DescribeStream":
        return json(Map.of("StreamDescription", stream(tableOf(request))));
      case "GetShardIterator":
        // The iterator names the stream, so GetRecords can check it like any other request.
        return json(Map.of("ShardIterator", request.path("StreamArn").asText() + "|" + SHARD_ID));
      case "GetRecords":
        return json(
            Map.of(
                "Records", List.of(), "NextShardIterator", request.path("ShardIterator").asText()));
      default:
        throw new IllegalArgumentException("the stand-in does not implement " + operation);
    }
  }

  private String table(JsonNode request) {
    String name = request.path("TableName").asText();
    if (!tables.containsKey(name)) {
      throw new NotFound("Requested resource not found: Table: " + name + " not found");
    }
    return name;
  }

  /** The table a stream ARN or a shard iterator names ({@code ...:table/NAME/stream/...}). */
  private String tableOf(JsonNode request) {
    String arn = request.path("StreamArn").asText();
    int from = arn.indexOf(":table/");
    int to = arn.indexOf("/stream/");
    String name = from >= 0 && to > from ? arn.substring(from + ":table/".length(), to) : "";
    if (!tables.containsKey(name)) {
      throw new NotFound("Requested resource not found: Stream: " + arn + " not found");
    }
    return name;
  }

  private static String tableArn(String table) {
    return "arn:aws:dynamodb:" + REGION + ":000000000000:table/" + table;
  }

  private static String streamArn(String table) {
    return tableArn(table) + "/stream/2026-01-01T00:00:00.000";
  }

  private Map<String, Object> describe(String table) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("TableName", table);
    description.put("TableArn", tableArn(table));
    description.put("TableStatus", "ACTIVE");
    description.put("KeySchema", List.of(Map.of("AttributeName", KEY, "KeyType", "HASH")));
    description.put(
        "AttributeDefinitions", List.of(Map.of("AttributeName", KEY, "AttributeType", "S")));
    description.put("ItemCount", tables.get(table));
    description.put("BillingModeSummary", Map.of("BillingMode", "PAY_PER_REQUEST"));
    description.put(
        "StreamSpecification",
        Map.of("StreamEnabled", true, "StreamViewType", "NEW_AND_OLD_IMAGES"));
    description.put("LatestStreamArn", streamArn(table));
    return description;
  }

  private Map<String, Object> stream(String table) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("StreamArn", streamArn(table));
    description.put("StreamStatus", "ENABLED");
    description.put("StreamViewType", "NEW_AND_OLD_IMAGES");
    description.put("TableName", table);
    description.put("KeySchema", List.of(Map.of("AttributeName", KEY, "KeyType", "HASH")));
    // One open shard (no ending sequence number) that never receives a record.
    description.put(
        "Shards",
        List.of(
            Map.of(
                "ShardId",
                SHARD_ID,
                "SequenceNumberRange",
                Map.of("StartingSequenceNumber", "100000000000000000001"))));
    return description;
  }

  /**
   * One page of a segment: items from after ExclusiveStartKey until Limit, 1 MB or the segment's
   * end, with LastEvaluatedKey when the segment goes on.
   */
  private ByteArrayOutputStream scan(String table, JsonNode request) {
    long items = tables.get(table);
    int segment = request.path("Segment").asInt(0);
    int totalSegments = request.path("TotalSegments").asInt(1);
    long segmentStart = items * segment / totalSegments;
    long segmentEnd = items * (segment + 1) / totalSegments;
    JsonNode startKey = request.path("ExclusiveStartKey").path(KEY).path("S");
    // Key "OD<k>" is item k - 1, so the item after it is item k.
    long next =
        startKey.isMissingNode() ? segmentStart : Long.parseLong(startKey.asText().substring(2));
    int limit = request.path("Limit").asInt(Integer.MAX_VALUE);

    ByteArrayOutputStream page = pageBuffers.get();
    page.reset();
    page.writeBytes("{\"Items\":[".getBytes(StandardCharsets.UTF_8));
    int count = 0;
    long itemBytes = 0;
    while (next < segmentEnd && count < limit && itemBytes < PAGE_BYTES) {
      int before = page.size();
      if (count > 0) {
        page.write(',');
      }
      page.writeBytes(ITEM_START);
      page.writeBytes(Long.toString(next + 1).getBytes(StandardCharsets.US_ASCII));
      page.writeBytes(KEY_END);
      page.writeBytes(columns[(int) (next % columns.length)]);
      page.write('}');
      itemBytes += page.size() - before;
      count++;
      next++;
    }
    StringBuilder tail = new StringBuilder();
    tail.append("],\"Count\":").append(count).append(",\"ScannedCount\":").append(count);
    if (!request.path("ReturnConsumedCapacity").asText("NONE").equals("NONE")) {
      // Eventually consistent reads: half a unit per 4 KB of items, rounded up.
      double units = Math.ceil(itemBytes / 4096.0) / 2;
      tail.append(",\"ConsumedCapacity\":{\"TableName\":\"")
          .append(table)
          .append("\",\"CapacityUnits\":")
          .append(units)
          .append('}');
    }
    if (next < segmentEnd) {
      tail.append(",\"LastEvaluatedKey\":{\"")
          .append(KEY)
          .append("\":{\"S\":\"OD")
          .append(next)
          .append("\"}}");
    }
    tail.append('}');
    page.writeBytes(tail.toString().getBytes(StandardCharsets.UTF_8));
    return page;
  }

  private static ByteArrayOutputStream json(Object value) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    JSON.writeValue(body, value);
    return body;
  }

  private static ByteArrayOutputStream error(String type, String message) throws IOException {
    return json(Map.of("__type", "com.amazonaws.dynamodb.v20120810#" + type, "message", message));
  }

  private static void reply(HttpExchange exchange, int status, ByteArrayOutputStream body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(status, body.size());
    try (OutputStream out = exchange.getResponseBody()) {
      body.writeTo(out);
    }
  }

  /** Maps to DynamoDB's ResourceNotFoundException, which the connector treats specially. */
  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }
}
