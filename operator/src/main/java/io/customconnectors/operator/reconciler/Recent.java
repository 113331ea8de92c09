package io.customconnectors.operator.reconciler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small memories of recent things, bounded so that churn over months cannot grow them. */
final class Recent {

  private Recent() {}

  /** A thread-safe map that forgets its least recently used entries beyond {@code capacity}. */
  static <K, V> Map<K, V> map(int capacity) {
    return Collections.synchronizedMap(
        new LinkedHashMap<K, V>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        });
  }
}
