package io.customconnectors.operator.export;

import java.util.List;

/** The files to write, and the connectors left out, each with why. */
record ExportResult(List<ExportedFile> files, List<String> skipped) {

  ExportResult {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }
}
