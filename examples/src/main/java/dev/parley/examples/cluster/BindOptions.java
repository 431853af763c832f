package dev.parley.examples.cluster;

import picocli.CommandLine.Option;

/** The address a role's ports bind to. Filled by picocli; not thread-safe. */
final class BindOptions {
  @Option(names = "--host", defaultValue = "${env:PARLEY_BIND_HOST:-127.0.0.1}",
      description = "Address to bind (0.0.0.0 for all interfaces). Env PARLEY_BIND_HOST. Default ${DEFAULT-VALUE}")
  String host;
}
