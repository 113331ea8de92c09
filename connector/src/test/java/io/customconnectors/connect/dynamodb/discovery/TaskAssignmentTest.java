package io.customconnectors.connect.dynamodb.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TaskAssignmentTest {

  @Test
  void moreTablesThanTasksShareTasks() {
    assertThat(TaskAssignment.assign(List.of("d", "a", "c", "b", "e"), 2))
        .containsExactly(List.of("a", "c", "e"), List.of("b", "d"));
  }

  @Test
  void neverMoreTasksThanTables() {
    assertThat(TaskAssignment.assign(List.of("a"), 5)).containsExactly(List.of("a"));
  }

  @Test
  void noTablesNoTasks() {
    assertThat(TaskAssignment.assign(List.of(), 3)).isEmpty();
  }
}
