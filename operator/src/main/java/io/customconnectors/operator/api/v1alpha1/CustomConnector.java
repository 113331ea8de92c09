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

/** A Kafka Connect connector instance running on Confluent Cloud or on in-cluster Kafka Connect. */
@JsonClassDescription(
    "A Kafka Connect connector run on Confluent Cloud or on an in-cluster Kafka Connect: its"
        + " config, Secrets, egress endpoints, tasks and state. Its status says what is wrong and"
        + " what to do about it.")
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
@AdditionalPrinterColumn(
    name = "RATE",
    jsonPath = ".status.metrics.recordsPerSecond",
    type = Type.NUMBER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class CustomConnector extends CustomResource<CustomConnectorSpec, CustomConnectorStatus>
    implements Namespaced {}
