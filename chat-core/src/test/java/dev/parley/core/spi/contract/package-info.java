/**
 * Abstract contract tests for the SPIs in {@link dev.parley.core.spi}, shipped in chat-core's
 * test-jar. Every implementation's test extends the matching contract and only says how to build
 * the implementation, so in-memory, MySQL and Redis pass the same assertions. The contracts create
 * their own users, emails, ids and keys at random and never assume an empty store, so they can run
 * against a shared database repeatedly and in parallel runs.
 */
package dev.parley.core.spi.contract;
