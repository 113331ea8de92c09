package io.customconnectors.operator.export;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One file the exporter writes: Secret templates, then the resource, and notes for the reader (what
 * applying it does, what it could not carry over).
 */
record ExportedFile(
    String fileName, List<String> notes, List<SecretTemplate> secrets, HasMetadata resource) {

  ExportedFile {
    notes = List.copyOf(notes);
    secrets = List.copyOf(secrets);
  }
}
