/**
 * Implementation of the SDK: HTTP gate calls, the Netty connection, reconnecting, mailbox
 * ordering and callback dispatch. No compatibility promise: classes here may change or disappear
 * in any release. Import only {@code dev.parley.sdk} and {@code dev.parley.sdk.store}.
 */
package dev.parley.sdk.internal;
