package io.customconnectors.operator.reconciler;

import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.config.SecretLookup;

/**
 * What a CustomConnector's reconcile reads from Kubernetes besides the resource itself: Secrets and
 * ConnectorPlugins of its namespace. Informer caches in the operator, maps in the fast tests.
 */
public interface Lookups extends SecretLookup {

  Optional<ConnectorPlugin> plugin(String namespace, String name);
}
