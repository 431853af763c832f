package dev.parley.server.internal.node;

import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.Frame.BodyCase;
import dev.parley.core.protocol.ChatProtocol.UpdateProfileRequest;
import java.util.Map;
import java.util.Optional;

/**
 * GetProfile (anyone's public profile, a stranger's at a limited rate; 0 means one's own),
 * UpdateProfile (always one's own: the request names no user) and SearchUsers (minimum length,
 * search mode and rate of {@code ChatLimits.directory()}). Thread-safe; stateless beyond the shared context.
 */
final class ProfileRequests {
  private final NodeContext ctx;

  ProfileRequests(NodeContext ctx) {
    this.ctx = ctx;
  }

  void registerInto(Map<BodyCase, RequestHandler> handlers) {
    handlers.put(BodyCase.GET_PROFILE, this::getProfile);
    handlers.put(BodyCase.UPDATE_PROFILE, this::updateProfile);
    handlers.put(BodyCase.SEARCH_USERS, this::search);
  }

  private Frame.Builder getProfile(ChatSession s, Frame f) {
    long asked = f.getGetProfile().getUserId();
    long target = asked == 0 ? s.userId() : asked;
    return profileResponse(ctx.profiles().view(s.userId(), target));
  }

  private Frame.Builder updateProfile(ChatSession s, Frame f) {
    UpdateProfileRequest r = f.getUpdateProfile();
    ProfileUpdate update = new ProfileUpdate(
        r.hasNickname() ? Optional.of(r.getNickname()) : Optional.empty(),
        r.hasAvatarUrl() ? Optional.of(r.getAvatarUrl()) : Optional.empty(),
        r.hasBio() ? Optional.of(r.getBio()) : Optional.empty());
    return profileResponse(ctx.profiles().update(s.userId(), update));
  }

  private Frame.Builder search(ChatSession s, Frame f) {
    ChatProtocol.SearchUsersRequest r = f.getSearchUsers();
    ChatProtocol.SearchUsersResponse.Builder out = ChatProtocol.SearchUsersResponse.newBuilder();
    ctx.friends().search(s.userId(), r.getQuery(), ctx.limits().pageSize(r.getLimit()))
        .forEach(p -> out.addUsers(ProtoMapper.profile(p)));
    return Frame.newBuilder().setSearchUsersResponse(out);
  }

  private static Frame.Builder profileResponse(dev.parley.core.model.Profile p) {
    return Frame.newBuilder().setProfileResponse(
        ChatProtocol.ProfileResponse.newBuilder().setProfile(ProtoMapper.profile(p)));
  }
}
