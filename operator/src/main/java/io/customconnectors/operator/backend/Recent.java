package io.customconnectors.operator.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small memories of recent things, bounded so that churn over months cannot grow them. */
public final class Recent {

  private Recent() {}

  /** A thread-safe map that forgets its least recently used entries beyond {@code capacity}. */
  public static <K, V> Map<K, V> map(int capacity) {
    return Collections.synchronizedMap(
        new LinkedHashMap<K, V>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        });
  }
}
