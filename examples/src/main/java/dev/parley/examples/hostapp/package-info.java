/**
 * A host application embedding Parley: its own sign-in (JWTs it mints) and its webhook endpoint
 * for offline pushes. {@link dev.parley.examples.hostapp.HostAppExample} runs the whole story.
 */
package dev.parley.examples.hostapp;
