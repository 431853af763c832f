package dev.parley.server;

/** {@link ChatNodeSessionTest} on a node that sends every request to its blocking-work threads. */
class ChatNodeSessionOffloadedTest extends ChatNodeSessionTest {
  @Override
  ChatCluster newCluster() {
    return super.newCluster().offloadAllRequests();
  }
}
