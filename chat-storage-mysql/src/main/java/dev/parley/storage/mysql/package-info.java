/**
 * MySQL 8 / MariaDB 10.6+ implementations of Parley's storage SPIs ({@code UserStore},
 * {@code FriendStore}, {@code MessageStore}). Start with {@link dev.parley.storage.mysql.MysqlStorage#builder()}.
 */
package dev.parley.storage.mysql;
