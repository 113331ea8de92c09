package io.customconnectors.operator.backend.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.backend.LogEntry;

class LogTopicErrorsTest {

  @Test
  void errorEntriesAreErrorsAndOthersAreNot() {
    LogEntry entry =
        LogTopicErrors.entry(
            """
            {"timestamp":"2026-12-01T10:00:00.123Z","level":"ERROR","logger":"x",
             "message":"Reading table T failed","task_id":"task-2","id":"clcc-1",
             "exception":{"stacktrace":"org.apache.kafka.connect.errors.ConnectException: no\\n\\tat x"}}
            """);
    assertThat(entry.at()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123Z"));
    assertThat(entry.task()).isEqualTo(2);
    assertThat(entry.source()).isEqualTo("LogTopic");
    assertThat(entry.trace()).startsWith("org.apache.kafka.connect.errors.ConnectException: no");
    assertThat(LogTopicErrors.entry("{\"timestamp\":\"2026-12-01T10:00:00Z\",\"level\":\"INFO\"}"))
        .isNull();
    assertThat(LogTopicErrors.entry("not json")).isNull();
    assertThat(LogTopicErrors.entry("{\"level\":\"ERROR\",\"timestamp\":\"yesterday\"}")).isNull();
  }
}
