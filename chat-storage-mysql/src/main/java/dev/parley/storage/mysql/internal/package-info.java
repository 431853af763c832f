/**
 * Implementation details of chat-storage-mysql: the jdbi-based stores, the group commit of
 * message appends, the retrying transaction runner, SQL error classification and the schema
 * migrator. No compatibility promise: classes
 * here may change or disappear in any release. Use {@link dev.parley.storage.mysql.MysqlStorage}.
 */
package dev.parley.storage.mysql.internal;
