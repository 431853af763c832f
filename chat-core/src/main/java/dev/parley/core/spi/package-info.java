/**
 * The service provider interfaces of Parley (DESIGN section 3). Each has an in-memory
 * implementation in {@code dev.parley.core.memory} and an abstract contract test in chat-core's
 * test-jar that every implementation's tests extend.
 */
package dev.parley.core.spi;
