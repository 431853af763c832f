/**
 * Launchers for running Parley as a cluster of separate processes on Redis and MySQL/MariaDB: one
 * {@code main} per role ({@link dev.parley.examples.cluster.StatusMain},
 * {@link dev.parley.examples.cluster.VerifyMain}, {@link dev.parley.examples.cluster.GateMain},
 * {@link dev.parley.examples.cluster.ChatNodeMain}), each configured by command-line options that
 * all fall back to {@code PARLEY_*} environment variables. {@code bin/parley-cluster} starts a
 * whole cluster on one machine from these.
 *
 * <p>Every launcher prints exactly one line {@code parley-<role> ready key=value ...} on standard
 * output once it serves (its ports), answers {@code GET /healthz} over HTTP (the gate on its own
 * port, the gRPC roles and chat nodes on a separate small health port), and shuts down cleanly on
 * SIGTERM. These are example programs, not a library API.
 */
package dev.parley.examples.cluster;
