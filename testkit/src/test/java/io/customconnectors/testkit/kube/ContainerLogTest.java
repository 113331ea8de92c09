package io.customconnectors.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ContainerLogTest {

  private static final Instant MODIFIED = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void readsLog4jTimesInTheWorkersZone() {
    List<ContainerLog.Line> lines =
        ContainerLog.parse(
            "[2026-12-01 10:00:00,250] INFO a\n", ZoneId.of("Europe/Berlin"), MODIFIED);

    assertThat(lines)
        .containsExactly(line("2026-12-01T09:00:00.250Z", "[2026-12-01 10:00:00,250] INFO a\n"));
  }

  @Test
  void unstampedLinesTakeThePreviousTimeOrElseTheFirstOrElseTheFilesTime() {
    List<ContainerLog.Line> lines =
        ContainerLog.parse(
            "banner\n[2026-12-01 10:00:01,000] ERROR x\n\tat y\n", ZoneOffset.UTC, MODIFIED);

    assertThat(lines)
        .extracting(ContainerLog.Line::time)
        .containsOnly(Instant.parse("2026-12-01T10:00:01Z"));
    assertThat(ContainerLog.parse("no stamp\n", ZoneOffset.UTC, MODIFIED))
        .extracting(ContainerLog.Line::time)
        .containsExactly(MODIFIED);
  }

  @Test
  void optionsFollowTheKubelet() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    assertThat(ContainerLog.Options.fromQuery(Map.of("sinceSeconds", "60"), now).since())
        .isEqualTo(Instant.parse("2026-12-01T09:59:00Z"));
    assertThat(
            ContainerLog.Options.fromQuery(
                    Map.of("sinceSeconds", "60", "sinceTime", "2026-12-01T09:59:30Z"), now)
                .since())
        .as("the later of the two")
        .isEqualTo(Instant.parse("2026-12-01T09:59:30Z"));
    assertThat(ContainerLog.Options.fromQuery(Map.of("timestamps", "true"), now))
        .isEqualTo(new ContainerLog.Options(true, null, null, null));
  }

  @Test
  void tailComesBeforeSinceAndZeroLinesIsNothing() {
    List<ContainerLog.Line> lines =
        List.of(
            line("2026-12-01T10:00:00Z", "a\n"),
            line("2026-12-01T10:00:01Z", "b\n"),
            line("2026-12-01T10:00:02Z", "c\n"));

    assertThat(render(lines, new ContainerLog.Options(false, null, 2L, null))).isEqualTo("b\nc\n");
    assertThat(
            render(
                lines,
                new ContainerLog.Options(false, Instant.parse("2026-12-01T10:00:01Z"), 1L, null)))
        .isEqualTo("c\n");
    assertThat(render(lines, new ContainerLog.Options(false, null, 0L, null))).isEmpty();
    assertThat(render(lines, new ContainerLog.Options(true, null, 1L, 32L)))
        .isEqualTo("2026-12-01T10:00:02.000000000Z c");
  }

  private static ContainerLog.Line line(String time, String text) {
    return new ContainerLog.Line(Instant.parse(time), text);
  }

  private static String render(List<ContainerLog.Line> lines, ContainerLog.Options options) {
    return new String(ContainerLog.render(lines, options), StandardCharsets.UTF_8);
  }
}
