package io.customconnectors.operator.backend;

/** A connector class a backend can run, and the version it reports. */
public record InstalledPlugin(String connectorClass, String type, String version) {}
