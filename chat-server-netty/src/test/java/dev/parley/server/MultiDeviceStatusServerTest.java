package dev.parley.server;

/**
 * Multi-device across two nodes whose presence registry and node directory are a
 * {@link StatusServer} reached through {@link StatusClient} over real gRPC, as in a cluster.
 */
class MultiDeviceStatusServerTest extends MultiDeviceClusterContract {
  private StatusBackends backends;

  @Override
  protected ChatCluster newCluster() {
    backends = new StatusBackends();
    return backends.cluster();
  }

  @Override
  protected void closeBackends() {
    backends.close();
  }
}
