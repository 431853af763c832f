package dev.parley.core.model;

/**
 * A change to a group's info and settings; null fields are left unchanged. Immutable.
 */
public record GroupUpdate(String name, String avatarUrl, String notice, JoinPolicy joinPolicy, Boolean membersCanInvite,
    Boolean muteAll) {
  /** Whether nothing would change. */
  public boolean isEmpty() {
    return name == null && avatarUrl == null && notice == null && joinPolicy == null && membersCanInvite == null
        && muteAll == null;
  }
}
