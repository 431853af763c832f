/**
 * The Parley Java client SDK. Start with {@link dev.parley.sdk.ParleyClient}: build one per
 * application, call the gate's account operations on it, then open a
 * {@link dev.parley.sdk.ChatSession} and receive events through a
 * {@link dev.parley.sdk.ChatListener}.
 */
package dev.parley.sdk;
