package dev.parley.server;

/**
 * Groups across two nodes whose presence registry and node directory are a {@link StatusServer}
 * reached through {@link StatusClient} over real gRPC, as in a cluster: a group fan-out looks all of
 * its members up in one LookupPresence call (the nodes are offloaded, the client blocks).
 */
class GroupClusterStatusServerTest extends GroupClusterContract {
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
