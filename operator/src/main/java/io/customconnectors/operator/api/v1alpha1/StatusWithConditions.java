package io.customconnectors.operator.api.v1alpha1;

import java.util.List;

/** What the statuses of both kinds share, so that one recorder writes and announces them. */
public interface StatusWithConditions {

  List<Condition> getConditions();

  void setConditions(List<Condition> conditions);

  Long getObservedGeneration();
}
