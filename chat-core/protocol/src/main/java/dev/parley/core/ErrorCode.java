package dev.parley.core;

/**
 * The one list of error codes shared by the wire protocol, the HTTP API and {@link ChatException}.
 *
 * <p>Names are stable: clients switch on them. Each code carries the HTTP status the gate answers
 * with. The protobuf enum {@code parley.v1.ErrorCode} mirrors this list name for name.
 */
public enum ErrorCode {
  BAD_REQUEST(400),
  INVALID_EMAIL(400),
  INVALID_NAME(400),
  WEAK_PASSWORD(400),
  EMAIL_TAKEN(409),
  NAME_TAKEN(409),
  INVALID_CODE(400),
  INVALID_CREDENTIALS(401),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  NOT_FRIENDS(403),
  ALREADY_FRIENDS(409),
  TEXT_TOO_LONG(400),
  RATE_LIMITED(429),
  NO_CHAT_NODE(503),
  NOT_LOGGED_IN(401),
  FRAME_TOO_LARGE(413),
  MALFORMED_FRAME(400),
  UNSUPPORTED_REQUEST(400),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  METHOD_NOT_ALLOWED(405),
  UNAVAILABLE(503),
  /** A user has as many friend requests pending as {@code FriendRequestLimits.maxPendingOutgoing} allows. */
  TOO_MANY_PENDING_REQUESTS(409),
  REQUEST_TIMEOUT(408),
  INTERNAL(500),
  /** Groups: the acting user is not, or no longer, a member of the group. */
  NOT_A_MEMBER(403),
  /** Groups: the acting user's role, or the group's settings, do not allow the operation. */
  NOT_ALLOWED(403),
  /** Groups: the group has as many members as its limit allows. */
  GROUP_FULL(409),
  /** Groups: the sender is muted in the group, or the group is muted for members. */
  MUTED(403),
  /** Groups: the user is already a member of the group. */
  ALREADY_MEMBER(409),
  /** A {@code MessageInterceptor} of the deployment refused the message; the message says why. */
  REJECTED_BY_POLICY(422),
  /** The other user does not accept this from the sender (blocked); tells no more than that. */
  BLOCKED(403),
  /** The deployment disabled the account: it cannot log in and its sessions were ended. */
  ACCOUNT_DISABLED(403),
  /** Recall or edit: the window for it has passed; the message names the window. */
  TOO_LATE(409),
  /**
   * Accounts: another account already belongs to this host user id (an external identity); a
   * concurrent provisioning of the same host user lost the race.
   */
  EXTERNAL_ID_TAKEN(409);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the gate answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }
}
