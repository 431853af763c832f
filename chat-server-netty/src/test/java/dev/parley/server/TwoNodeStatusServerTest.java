package dev.parley.server;

/**
 * Two nodes whose presence registry and node directory are a {@link StatusServer} reached through
 * {@link StatusClient} over real gRPC, as in a cluster; Deliver and Kick between nodes over gRPC.
 */
class TwoNodeStatusServerTest extends TwoNodeClusterContract {
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
