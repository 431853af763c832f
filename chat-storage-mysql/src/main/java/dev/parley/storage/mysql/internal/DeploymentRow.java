package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;

/**
 * Reads the deployment id, the one row the {@code V1_1__deployment} migration made in table
 * {@code deployment}. Stateless.
 */
public final class DeploymentRow {
  private DeploymentRow() {}

  /**
   * The database's deployment id.
   *
   * @throws ChatException UNAVAILABLE when the row is missing (a schema not migrated to 1.1)
   */
  public static String read(Transactions tx) {
    return tx.withHandle("read deployment id", h -> h.createQuery("SELECT deployment_id FROM deployment WHERE id = 1")
        .mapTo(String.class).findOne()).orElseThrow(() -> new ChatException(ErrorCode.UNAVAILABLE,
            "table deployment has no row 1; is the schema migrated (version 1.1)?"));
  }
}
