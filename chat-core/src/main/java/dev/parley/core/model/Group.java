package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A group as stored: its info, settings, size and the highest seq of its log. Immutable.
 *
 * @param avatarUrl empty when none
 * @param notice the group's announcement; empty when none
 * @param membersCanInvite whether any member may invite (otherwise owner and admins only)
 * @param muteAll whether only owner and admins may send
 * @param maxMembers the member limit this group was created with
 * @param lastSeq the highest seq in the group's log (at least 1: the creation entry)
 * @param dissolved whether the owner dissolved it; a dissolved group has no members
 */
public record Group(long id, String name, String avatarUrl, String notice, long ownerId, JoinPolicy joinPolicy,
    boolean membersCanInvite, boolean muteAll, int memberCount, int maxMembers, long lastSeq, Instant createdAt,
    boolean dissolved) {
  /** Longest group name, in characters. */
  public static final int MAX_NAME = 64;
  /** Longest announcement, in characters. */
  public static final int MAX_NOTICE = 2000;
  /** Longest avatar URL. */
  public static final int MAX_AVATAR_URL = 512;

  public Group {
    Validation.id("id", id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(avatarUrl, "avatarUrl");
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(joinPolicy, "joinPolicy");
    Objects.requireNonNull(createdAt, "createdAt");
    if (memberCount < 0 || maxMembers < 1 || lastSeq < 0) {
      throw new IllegalArgumentException("memberCount " + memberCount + ", maxMembers " + maxMembers + ", lastSeq " + lastSeq);
    }
  }
}
