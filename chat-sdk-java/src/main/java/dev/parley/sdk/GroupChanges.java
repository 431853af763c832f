package dev.parley.sdk;

import dev.parley.core.model.JoinPolicy;
import java.util.Optional;

/**
 * Which settings of a group to change; an empty field is left as it is. Immutable. Build one with
 * {@code GroupChanges.none().name("Team").muteAll(true)}.
 *
 * @param name the new name, if it changes
 * @param avatarUrl the new avatar address, if it changes
 * @param notice the new announcement, if it changes
 * @param joinPolicy the new join policy, if it changes
 * @param membersCanInvite whether any member may invite, if it changes
 * @param muteAll whether only the owner and admins may send, if it changes
 */
public record GroupChanges(Optional<String> name, Optional<String> avatarUrl, Optional<String> notice,
    Optional<JoinPolicy> joinPolicy, Optional<Boolean> membersCanInvite, Optional<Boolean> muteAll) {
  public GroupChanges {
    name = name == null ? Optional.empty() : name;
    avatarUrl = avatarUrl == null ? Optional.empty() : avatarUrl;
    notice = notice == null ? Optional.empty() : notice;
    joinPolicy = joinPolicy == null ? Optional.empty() : joinPolicy;
    membersCanInvite = membersCanInvite == null ? Optional.empty() : membersCanInvite;
    muteAll = muteAll == null ? Optional.empty() : muteAll;
  }

  /** Changes nothing. */
  public static GroupChanges none() {
    return new GroupChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** A copy that also sets the name. */
  public GroupChanges name(String value) {
    return new GroupChanges(Optional.of(value), avatarUrl, notice, joinPolicy, membersCanInvite, muteAll);
  }

  /** A copy that also sets the avatar address. */
  public GroupChanges avatarUrl(String value) {
    return new GroupChanges(name, Optional.of(value), notice, joinPolicy, membersCanInvite, muteAll);
  }

  /** A copy that also sets the announcement. */
  public GroupChanges notice(String value) {
    return new GroupChanges(name, avatarUrl, Optional.of(value), joinPolicy, membersCanInvite, muteAll);
  }

  /** A copy that also sets the join policy. */
  public GroupChanges joinPolicy(JoinPolicy value) {
    return new GroupChanges(name, avatarUrl, notice, Optional.of(value), membersCanInvite, muteAll);
  }

  /** A copy that also sets whether any member may invite. */
  public GroupChanges membersCanInvite(boolean value) {
    return new GroupChanges(name, avatarUrl, notice, joinPolicy, Optional.of(value), muteAll);
  }

  /** A copy that also sets whether only the owner and admins may send. */
  public GroupChanges muteAll(boolean value) {
    return new GroupChanges(name, avatarUrl, notice, joinPolicy, membersCanInvite, Optional.of(value));
  }
}
