package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * A connector plugin archive: uploaded to Confluent Cloud, or verified as installed on an
 * in-cluster Kafka Connect worker.
 */
@JsonClassDescription(
    "A Kafka Connect connector plugin: an archive uploaded to Confluent Cloud as a custom plugin, or"
        + " a class checked on an in-cluster Kafka Connect worker. CustomConnectors run it through"
        + " spec.pluginRef.")
@Group(ConnectorPlugin.GROUP)
@Version(ConnectorPlugin.VERSION)
@ShortNames({"cplugin", "cplugins"})
@Categories({"kafka-connect"})
@AdditionalPrinterColumn(name = "TARGET", jsonPath = ".status.target", type = Type.STRING)
@AdditionalPrinterColumn(name = "CLASS", jsonPath = ".spec.connectorClass", type = Type.STRING)
@AdditionalPrinterColumn(name = "TYPE", jsonPath = ".spec.connectorType", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class ConnectorPlugin extends CustomResource<ConnectorPluginSpec, ConnectorPluginStatus>
    implements Namespaced {

  public static final String GROUP = "customconnectors.io";
  public static final String VERSION = "v1alpha1";
}
