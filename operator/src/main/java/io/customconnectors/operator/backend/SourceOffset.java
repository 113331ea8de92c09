package io.customconnectors.operator.backend;

import java.util.Map;

/**
 * One source partition of a connector and the offset committed for it, as the target reports them
 * (JSON scalars; a connector may keep JSON text in a value).
 */
public record SourceOffset(Map<String, Object> partition, Map<String, Object> offset) {

  public SourceOffset {
    partition = Map.copyOf(partition);
    offset = Map.copyOf(offset);
  }
}
