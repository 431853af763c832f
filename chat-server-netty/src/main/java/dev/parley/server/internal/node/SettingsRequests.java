package dev.parley.server.internal.node;

import dev.parley.core.model.SettingsUpdate;
import dev.parley.core.model.UserSettings;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import java.util.Map;
import java.util.Optional;

/**
 * GetSettings and UpdateSettings, both of the session's own user and answered with the settings
 * (an update's absent fields are left as they are). Thread-safe; stateless beyond the shared context.
 */
final class SettingsRequests {
  private final NodeContext ctx;

  SettingsRequests(NodeContext ctx) {
    this.ctx = ctx;
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.GET_SETTINGS, this::get);
    handlers.put(BodyCase.UPDATE_SETTINGS, this::update);
  }

  /** {@code settings} as the protocol carries them (in SettingsResponse and LoginResponse). */
  static ChatProtocol.Settings settings(UserSettings settings) {
    return ChatProtocol.Settings.newBuilder().setSendReadReceipts(settings.sendReadReceipts()).build();
  }

  private Frame.Builder get(ChatSession s, Frame f) {
    return response(ctx.profiles().settings(s.userId()));
  }

  private Frame.Builder update(ChatSession s, Frame f) {
    ChatProtocol.UpdateSettingsRequest r = f.getUpdateSettings();
    SettingsUpdate update = new SettingsUpdate(
        r.hasSendReadReceipts() ? Optional.of(r.getSendReadReceipts()) : Optional.empty());
    return response(ctx.profiles().updateSettings(s.userId(), update));
  }

  private static Frame.Builder response(UserSettings settings) {
    return Frame.newBuilder().setSettingsResponse(ChatProtocol.SettingsResponse.newBuilder().setSettings(settings(settings)));
  }
}
