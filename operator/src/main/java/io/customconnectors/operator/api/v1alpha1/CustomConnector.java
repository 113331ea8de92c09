package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Kafka Connect connector instance running on Confluent Cloud or on in-cluster Kafka Connect. */
@Group(ConnectorPlugin.GROUP)
@Version(ConnectorPlugin.VERSION)
@ShortNames({"cconn", "cconns"})
@Categories({"kafka-connect"})
@AdditionalPrinterColumn(name = "TARGET", jsonPath = ".status.target", type = Type.STRING)
@AdditionalPrinterColumn(name = "STATE", jsonPath = ".status.state", type = Type.STRING)
@AdditionalPrinterColumn(name = "TASKS", jsonPath = ".status.tasksReady", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class CustomConnector extends CustomResource<CustomConnectorSpec, CustomConnectorStatus>
    implements Namespaced {}
