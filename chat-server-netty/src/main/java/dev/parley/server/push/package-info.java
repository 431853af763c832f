/**
 * Offline push senders a host can plug into a chat node ({@code ChatNodeBuilder.offlinePush}).
 * {@link dev.parley.server.push.WebhookPushSender} POSTs each push as signed JSON to the host's URL;
 * {@link dev.parley.server.push.WebhookSignature} is what the host's receiver checks the signature with.
 */
package dev.parley.server.push;
