/**
 * Where a host application plugs into Parley (issue 15): its own identity ({@link
 * dev.parley.core.hooks.Authenticator}), a check or rewrite of every message before it is stored
 * ({@link dev.parley.core.hooks.MessageInterceptor}), notice of what happened ({@link
 * dev.parley.core.hooks.ChatEventListener}) and a push to users who are offline ({@link
 * dev.parley.core.hooks.OfflinePushSender}). Every hook has a do-nothing (or built-in) default.
 */
package dev.parley.core.hooks;
