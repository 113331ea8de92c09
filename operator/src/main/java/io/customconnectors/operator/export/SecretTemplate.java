package io.customconnectors.operator.export;

import java.util.Map;

/**
 * A Secret the exported resources reference, written without values: each key with a hint saying
 * what to fill in. The exporter never knows, or never keeps, the values.
 */
record SecretTemplate(String name, String namespace, Map<String, String> hintByKey) {

  SecretTemplate {
    hintByKey = Map.copyOf(hintByKey);
  }
}
