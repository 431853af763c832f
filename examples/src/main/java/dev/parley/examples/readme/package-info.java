/**
 * The Java code of the project's README.md, one compiled file per block. The README shows each
 * file verbatim (after a {@code <!-- compiled: path -->} line), and {@code ReadmeExamplesTest}
 * fails when a README block and its file differ, so every Java line in the README compiles.
 * Edit the file here, then paste it into the README.
 */
package dev.parley.examples.readme;
