/**
 * Implementation details of chat-core. No compatibility promise: classes here may change or
 * disappear in any release. Import only the API packages.
 */
package dev.parley.core.internal;
