/**
 * {@code parley-cli}, the terminal client: an interactive chat shell and one-shot commands for
 * scripts, built on the SDK. Run it with {@code bin/parley-cli}.
 */
package dev.parley.examples.cli;
