package io.customconnectors.operator.backend;

import java.time.Instant;

/**
 * One error a connector logged.
 *
 * @param source where it was read: LogTopic, LogSearch, LogEvent or PodLog
 * @param task the task's id where the entry names one, else null
 * @param message the logged message
 * @param trace the exception logged with it, where there is one, else empty
 */
public record LogEntry(Instant at, String source, Integer task, String message, String trace) {}
