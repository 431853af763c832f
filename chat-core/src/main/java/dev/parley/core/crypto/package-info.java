/** Password hashing: the {@link dev.parley.core.spi.PasswordHasher} implementation Parley ships with. */
package dev.parley.core.crypto;
