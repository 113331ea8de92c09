package io.customconnectors.operator.api.v1alpha1;

/** The annotations users (and the operator itself) set on both kinds to steer the operator. */
public final class Annotations {

  /** What every annotation of the operator's starts with. */
  public static final String PREFIX = "customconnectors.io/";

  /** Set to "true" to drop the finalizer without deleting the remote connector or plugin. */
  public static final String FORCE_DELETE = "customconnectors.io/force-delete";

  /** Set to "true" to take over a same-named connector or plugin the operator did not create. */
  public static final String ADOPT = "customconnectors.io/adopt";

  /**
   * Set by the operator on a ConnectorPlugin just before its remote plugin is created, until the
   * plugin's id is in its status: a plugin of the same name found while it is set is the one this
   * resource created (the create may have timed out, or the operator died), not someone else's.
   */
  public static final String CREATING_PLUGIN = "customconnectors.io/creating-plugin";

  /**
   * Set to "true" to restart the connector and all its tasks once; the operator removes it when
   * done. A manual restart does not count against spec.restartPolicy.maxRestarts.
   */
  public static final String RESTART = "customconnectors.io/restart";

  /** Set to a task id (e.g. "0") to restart that task once; removed by the operator when done. */
  public static final String RESTART_TASK = "customconnectors.io/restart-task";

  private Annotations() {}

  /** Whether the resource carries the annotation with the value "true". */
  public static boolean isTrue(io.fabric8.kubernetes.api.model.HasMetadata resource, String key) {
    var annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(key));
  }
}
