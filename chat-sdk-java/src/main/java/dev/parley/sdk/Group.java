package dev.parley.sdk;

import dev.parley.core.model.JoinPolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * A group as the server last described it. Immutable.
 *
 * @param groupId the group's id
 * @param name its name
 * @param avatarUrl its avatar address; empty when none
 * @param notice its announcement; empty when none
 * @param ownerId the member who owns it
 * @param joinPolicy who may join without an invitation
 * @param membersCanInvite whether any member may invite (otherwise the owner and admins only)
 * @param muteAll whether only the owner and admins may send
 * @param memberCount how many members it has
 * @param maxMembers how many members it may have
 * @param lastSeq the highest seq in the group's log when this was read
 * @param createdAt when it was created
 * @param dissolved whether the owner dissolved it (nothing follows in its log)
 */
public record Group(long groupId, String name, String avatarUrl, String notice, long ownerId, JoinPolicy joinPolicy,
    boolean membersCanInvite, boolean muteAll, int memberCount, int maxMembers, long lastSeq, Instant createdAt,
    boolean dissolved) {
  public Group {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(avatarUrl, "avatarUrl");
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(joinPolicy, "joinPolicy");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
