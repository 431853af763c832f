package dev.parley.server;

/** {@link ReadPositionTest} with every request on the blocking-work threads and pushes on the push lanes. */
class ReadPositionOffloadedTest extends ReadPositionTest {
  @Override
  ChatCluster newCluster() {
    return super.newCluster().offloadAllRequests();
  }
}
