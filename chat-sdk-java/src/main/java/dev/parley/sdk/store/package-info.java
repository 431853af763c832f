/**
 * The client-side store of a session's data: the {@link dev.parley.sdk.store.LocalStore} SPI, the
 * default {@link dev.parley.sdk.store.InMemoryLocalStore} and the durable
 * {@link dev.parley.sdk.store.MvStoreLocalStore}.
 */
package dev.parley.sdk.store;
