package io.customconnectors.connect.dynamodb.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * Spreads tables over at most {@code tasks.max} tasks, round-robin over the sorted table names, so
 * every table is read whatever tasks.max is (trustpilot's connector started nothing when tasks.max
 * was below the number of tables).
 */
public final class TaskAssignment {

  private TaskAssignment() {}

  public static List<List<String>> assign(List<String> tables, int maxTasks) {
    List<String> sorted = tables.stream().sorted().toList();
    int tasks = Math.min(Math.max(1, maxTasks), sorted.size());
    List<List<String>> assignment = new ArrayList<>();
    for (int task = 0; task < tasks; task++) {
      assignment.add(new ArrayList<>());
    }
    for (int i = 0; i < sorted.size(); i++) {
      assignment.get(i % tasks).add(sorted.get(i));
    }
    return assignment;
  }
}
