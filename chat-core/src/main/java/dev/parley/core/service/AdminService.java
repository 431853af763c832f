package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.internal.PasswordPolicy;
import dev.parley.core.internal.SafeEvents;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.GroupView;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.SessionToken;
import dev.parley.core.model.User;
import dev.parley.core.model.UserRef;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.TokenStore;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host application's server-side API: what the host's own back end may do to Parley that no
 * user could do through a chat session. It creates, updates, disables and enables users, issues a
 * session token for a user (the host signs its users in) and revokes a user's sessions, makes and
 * ends friendships, sends a 1:1 message as a user or as the system sender, creates groups, and
 * looks up presence. Every method is trusted: the caller is the host, not a user, so the rules that
 * protect users from each other (friends only, rate limits) do not apply, while the data rules do
 * (lengths, limits of a group, ids that exist).
 *
 * <p>Everything stored here reaches online users exactly as if a user had done it: the same
 * {@link ChatEvents} a chat node publishes (a message's mailbox entries, seqs and pushes; a
 * {@code FriendAdded} to both sides; a group's created entry and notices), and kicks go through
 * the {@link SessionCloser}, so in a split deployment both reach the users' chat nodes.
 *
 * <p>Audit: every operation writes one INFO line to the SLF4J logger {@value AdminAudit#LOGGER}
 * with the caller ({@link #asCaller}, default {@link Builder#caller}), the operation, the ids it
 * touched and its outcome; never message text, passwords, emails or tokens.
 *
 * <p>Users are named by {@link UserRef}: a Parley id or the host's external id. Thread-safe;
 * methods block on the SPIs (call them off event loops).
 */
public final class AdminService {
  /** The email of the system sender's account; {@code .invalid} can never receive a code, so nobody registers it. */
  public static final String SYSTEM_EMAIL = "system@parley.invalid";
  /** The system sender's name unless {@link Builder#systemName} says otherwise. */
  public static final String DEFAULT_SYSTEM_NAME = "parley-system";
  /**
   * Whether {@code name}, as {@link Validation#name} returns it, is the default system sender's
   * ({@value #DEFAULT_SYSTEM_NAME}, any case),
   * which sign-up, host-user provisioning and {@link #createUser} never give to a user: nobody can
   * look like the system sender or take its name before its first message.
   */
  public static boolean isReservedName(String name) {
    return DEFAULT_SYSTEM_NAME.equalsIgnoreCase(name);
  }

  /** The most users one presence look-up may ask about. */
  public static final int MAX_PRESENCE_USERS = 100;
  /** Who the Java API's calls are logged as unless {@link Builder#caller} says otherwise. */
  public static final String DEFAULT_CALLER = "java-api";

  private static final PasswordPolicy PASSWORDS =
      new PasswordPolicy(AccountService.MIN_PASSWORD_LENGTH, AccountService.MAX_PASSWORD_LENGTH);

  private final Shared shared;
  private final String caller;

  /** What every caller view shares. */
  private record Shared(UserStore users, FriendStore friends, MessageStore messages, TokenStore tokens,
      PresenceRegistry presence, NodeDirectory directory, SessionCloser sessions, ChatEvents events,
      PasswordHasher hasher, ChatLimits limits, Clock clock, GroupService groups, String systemName) {}

  private AdminService(Shared shared, String caller) {
    this.shared = shared;
    this.caller = caller;
  }

  /** A builder; every backend but the group store and node directory is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same service, its calls logged as run by {@code principal} (the admin HTTP API's authenticated caller). */
  public AdminService asCaller(String principal) {
    return new AdminService(shared, BuilderText.require("principal", principal));
  }

  /** Who this view's calls are logged as. */
  public String caller() {
    return caller;
  }

  // ---- users ----

  /**
   * What {@link #createUser} needs. {@code name} is required and unique (ignoring case); a user with
   * an {@code externalId} (the host's own id, unique) may have no {@code email} and no {@code password}
   * (it then signs in only with tokens the host issues or with the host's credentials); a user
   * without one needs both. Null means none.
   */
  public record NewAccount(String externalId, String name, String nickname, String email, String password) {}

  /**
   * Creates a user. INVALID_NAME, INVALID_EMAIL, WEAK_PASSWORD, BAD_REQUEST (an over-long nickname or
   * external id, a missing email or password for a user without external id); NAME_TAKEN,
   * EMAIL_TAKEN, EXTERNAL_ID_TAKEN when another account has it.
   */
  public User createUser(NewAccount account) {
    Objects.requireNonNull(account, "account");
    AdminAudit.Entry audit = AdminAudit.begin("create-user", caller);
    return audited(audit, () -> {
      String externalId = account.externalId() == null ? "" : account.externalId();
      String password = account.password();
      if (externalId.isEmpty() && (account.email() == null || password == null)) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "a user without externalId needs an email and a password");
      }
      if (password != null) {
        PASSWORDS.checkShape(password);
      }
      if (isReservedName(Validation.name(account.name()))) {
        throw new ChatException(ErrorCode.NAME_TAKEN, "name '" + account.name() + "' is reserved for the system sender");
      }
      String hash = password == null ? "" : shared.hasher().hash(password);
      User user = shared.users().create(new NewUser(account.email() == null ? "" : account.email(), account.name(),
          hash, externalId, account.nickname() == null ? "" : account.nickname()));
      audit.target("user", user.id());
      return user;
    });
  }

  /** The user {@code ref} names; NOT_FOUND. */
  public User user(UserRef ref) {
    AdminAudit.Entry audit = AdminAudit.begin("get-user", caller);
    return audited(audit, () -> resolve(ref, audit, "user"));
  }

  /** Applies the present fields of {@code update} to the user's profile; NOT_FOUND. */
  public User updateUser(UserRef ref, ProfileUpdate update) {
    Objects.requireNonNull(update, "update");
    AdminAudit.Entry audit = AdminAudit.begin("update-user", caller);
    return audited(audit, () -> {
      User user = resolve(ref, audit, "user");
      return shared.users().updateProfile(user.id(), update).orElseThrow(() -> noSuchUser(ref));
    });
  }

  /**
   * Disables the user: marks the account, revokes every token, and kicks every open session with
   * {@code Kicked{DISABLED}}. A disabled user cannot log in (password login answers ACCOUNT_DISABLED,
   * {@link #issueToken} refuses) until {@link #enable}. Idempotent; NOT_FOUND.
   */
  public void disable(UserRef ref) {
    AdminAudit.Entry audit = AdminAudit.begin("disable-user", caller);
    audited(audit, () -> {
      User user = resolve(ref, audit, "user");
      requireNotSystem(user);
      shared.users().setDisabled(user.id(), true);
      // Marked first, then revoked: a login that passed the check before the mark gets its token revoked here.
      shared.tokens().revokeAll(user.id());
      shared.sessions().closeSessions(user.id(), KickReason.DISABLED, AccountService.DISABLED_REASON);
      return null;
    });
  }

  /** Enables a disabled user again (its old tokens stay revoked). Idempotent; NOT_FOUND. */
  public void enable(UserRef ref) {
    AdminAudit.Entry audit = AdminAudit.begin("enable-user", caller);
    audited(audit, () -> {
      User user = resolve(ref, audit, "user");
      requireNotSystem(user);
      shared.users().setDisabled(user.id(), false);
      return null;
    });
  }

  /**
   * Issues a session token for the user on {@code device} ({@link DeviceInfo#UNNAMED} or null: any
   * device) and assigns a chat node, as a password login would: the host hands both to its client,
   * which logs in to that node with the token. ACCOUNT_DISABLED for a disabled user; NO_CHAT_NODE
   * when no node is live (no token is issued then); NOT_FOUND.
   */
  public LoginResult issueToken(UserRef ref, DeviceInfo device) {
    AdminAudit.Entry audit = AdminAudit.begin("issue-token", caller);
    return audited(audit, () -> {
      User user = resolve(ref, audit, "user");
      requireNotSystem(user);
      requireEnabled(user);
      ChatNodeInfo node = shared.directory().assign()
          .orElseThrow(() -> new ChatException(ErrorCode.NO_CHAT_NODE, "no chat node is available"));
      SessionToken token = shared.tokens().issue(user.id(), device == null ? DeviceInfo.UNNAMED : device);
      // Checked again after the issue: a disable that landed meanwhile revoked before or sees this token.
      if (shared.users().findById(user.id()).map(User::disabled).orElse(true)) {
        shared.tokens().revoke(token.token());
        throw AccountService.accountDisabled(user.id());
      }
      audit.target("device", token.device().named() ? token.device().deviceId() : "any");
      return new LoginResult(user, token, node);
    });
  }

  /** Revokes every token of the user and kicks every open session with {@code Kicked{REVOKED}}. NOT_FOUND. */
  public void revokeSessions(UserRef ref) {
    AdminAudit.Entry audit = AdminAudit.begin("revoke-sessions", caller);
    audited(audit, () -> {
      User user = resolve(ref, audit, "user");
      shared.tokens().revokeAll(user.id());
      shared.sessions().closeSessions(user.id(), KickReason.REVOKED, "the host revoked this account's sessions");
      return null;
    });
  }

  // ---- friendships ----

  /**
   * Makes the two users friends, as if one had asked and the other accepted: any pending request
   * between them is accepted (else one is made and accepted), and each side is published
   * ({@code FriendAdded} to their online sessions). {@code created} is false (and nothing is
   * published) when they were friends already. BAD_REQUEST for one user twice; NOT_FOUND.
   */
  public Befriended befriend(UserRef a, UserRef b) {
    AdminAudit.Entry audit = AdminAudit.begin("befriend", caller);
    return audited(audit, () -> {
      long x = resolve(a, audit, "user").id();
      long y = resolve(b, audit, "friend").id();
      if (x == y) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "user " + x + " cannot befriend itself");
      }
      if (shared.friends().findFriendship(x, y).isPresent()) {
        audit.target("created", false);
        return new Befriended(x, y, false);
      }
      FriendRequest request = shared.friends().findPendingRequest(y, x)
          .or(() -> shared.friends().findPendingRequest(x, y))
          .orElseGet(() -> shared.friends().addRequest(x, y, "", ""));
      Optional<Friendship> side = shared.friends().acceptRequest(request.id(), "");
      if (side.isEmpty()) { // answered meanwhile by one of them
        boolean now = shared.friends().findFriendship(x, y).isPresent();
        if (!now) {
          throw new ChatException(ErrorCode.UNAVAILABLE, "the friend request between " + x + " and " + y
              + " changed meanwhile; retry");
        }
        audit.target("created", false);
        return new Befriended(x, y, false);
      }
      shared.events().friendAdded(side.get());
      shared.friends().findFriendship(side.get().friendId(), side.get().userId()).ifPresent(shared.events()::friendAdded);
      audit.target("created", true);
      return new Befriended(x, y, true);
    });
  }

  /** What {@link #befriend} did: the two Parley ids, and whether the friendship is new. */
  public record Befriended(long userId, long friendId, boolean created) {}

  /** Ends the friendship on both sides, as {@code RemoveFriend} by {@code a} would. NOT_FRIENDS; NOT_FOUND. */
  public void unfriend(UserRef a, UserRef b) {
    AdminAudit.Entry audit = AdminAudit.begin("unfriend", caller);
    audited(audit, () -> {
      long x = resolve(a, audit, "user").id();
      long y = resolve(b, audit, "friend").id();
      if (!shared.friends().removeFriendship(x, y)) {
        throw new ChatException(ErrorCode.NOT_FRIENDS, "user " + y + " is not a friend of " + x);
      }
      shared.events().friendRemoved(x, y);
      return null;
    });
  }

  // ---- messages ----

  /**
   * Sends {@code text} from {@code from} to {@code to} as that user, stored and pushed exactly like
   * a {@code SendMessage} (both mailboxes, the recipient's sessions and the sender's sessions).
   * Unlike a user's send it does NOT check that they are friends: the host decides who may write to
   * whom. A repeated {@code clientMsgId} of the same sender returns the first result (duplicate)
   * and pushes nothing. BAD_REQUEST (empty text, bad client message id, oneself), TEXT_TOO_LONG,
   * NOT_FOUND.
   */
  public AppendResult sendMessage(UserRef from, UserRef to, String clientMsgId, String text) {
    AdminAudit.Entry audit = AdminAudit.begin("send-message", caller);
    return audited(audit, () -> send(resolve(from, audit, "from"), to, clientMsgId, text, audit));
  }

  /**
   * Sends {@code text} to {@code to} from the system sender: a reserved account (email
   * {@value #SYSTEM_EMAIL}, name {@link Builder#systemName}, default {@value #DEFAULT_SYSTEM_NAME})
   * made on first use, disabled and without password, so it can never log in. Clients see an
   * ordinary message whose sender id is that account's; its profile ({@code GetProfile}) has the
   * fixed name. Idempotent per {@code clientMsgId} across all system messages. As {@link #sendMessage}.
   */
  public AppendResult sendSystemMessage(UserRef to, String clientMsgId, String text) {
    AdminAudit.Entry audit = AdminAudit.begin("send-message", caller);
    return audited(audit, () -> {
      audit.target("from", "system");
      return send(systemUser(), to, clientMsgId, text, audit);
    });
  }

  /** The system sender's account, made on first use (then disabled, so it can never sign in). */
  public User systemUser() {
    Optional<User> found = shared.users().findByEmail(SYSTEM_EMAIL);
    if (found.isPresent()) {
      return found.get();
    }
    User made;
    try {
      made = shared.users().create(new NewUser(SYSTEM_EMAIL, shared.systemName(), "", "", ""));
    } catch (ChatException e) {
      if (e.code() != ErrorCode.EMAIL_TAKEN) {
        throw e; // NAME_TAKEN: a user took the name; configure another one
      }
      return shared.users().findByEmail(SYSTEM_EMAIL).orElseThrow(() -> e); // a concurrent first use won
    }
    shared.users().setDisabled(made.id(), true);
    return made;
  }

  private AppendResult send(User sender, UserRef to, String clientMsgId, String text, AdminAudit.Entry audit) {
    Validation.clientMsgId(clientMsgId);
    Validation.messageText(text, shared.limits().maxTextLength());
    User recipient = resolve(to, audit, "to");
    if (sender.id() == recipient.id()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + sender.id() + " cannot message itself");
    }
    // As MessageService.send after its checks: the store de-duplicates on (sender, clientMsgId).
    AppendResult result = shared.messages().append(sender.id(), recipient.id(), clientMsgId, text,
        shared.clock().instant());
    if (!result.duplicate()) {
      shared.events().messageStored(result, null);
    }
    audit.target("message", result.message().id()).target("duplicate", result.duplicate());
    return result;
  }

  // ---- groups ----

  /**
   * What {@link #createGroup} needs: the owner, the other members, the name, and the optional
   * settings ({@code joinPolicy} null: INVITE_ONLY; {@code avatarUrl}, {@code notice} null: none).
   */
  public record NewGroupSpec(UserRef owner, List<UserRef> members, String name, JoinPolicy joinPolicy,
      boolean membersCanInvite, String avatarUrl, String notice) {
    public NewGroupSpec {
      Objects.requireNonNull(owner, "owner");
      members = List.copyOf(members == null ? List.of() : members);
    }
  }

  /**
   * Creates a group as {@link GroupService#create} by its owner would (the created entry to every
   * member's sessions, a notice in each member's mailbox), except that members need not be the
   * owner's friends and no creation rate limit applies. The group limits hold (members, groups per
   * user, lengths): GROUP_FULL, NOT_ALLOWED, BAD_REQUEST; NOT_FOUND for a user who does not exist.
   */
  public GroupView createGroup(NewGroupSpec spec) {
    Objects.requireNonNull(spec, "spec");
    AdminAudit.Entry audit = AdminAudit.begin("create-group", caller);
    return audited(audit, () -> {
      long owner = resolve(spec.owner(), audit, "owner").id();
      List<Long> members = new ArrayList<>(spec.members().size());
      for (UserRef ref : spec.members()) {
        members.add(resolveQuietly(ref).id());
      }
      audit.target("members", members.size());
      GroupView view = shared.groups().create(owner, spec.name(), members, spec.joinPolicy(), spec.membersCanInvite(),
          spec.avatarUrl(), spec.notice());
      audit.target("group", view.group().id());
      return view;
    });
  }

  // ---- presence ----

  /** One user's presence: online while any session is live; each session's device, platform and node. */
  public record UserPresence(long userId, boolean online, List<PresenceBinding> sessions) {
    public UserPresence {
      sessions = List.copyOf(sessions);
    }
  }

  /**
   * The presence of each user in {@code refs}, in order, with one registry look-up for all.
   * BAD_REQUEST for none or more than {@value #MAX_PRESENCE_USERS}; NOT_FOUND for a user that does not exist.
   */
  public List<UserPresence> presence(Collection<UserRef> refs) {
    AdminAudit.Entry audit = AdminAudit.begin("presence", caller);
    return audited(audit, () -> {
      if (refs == null || refs.isEmpty() || refs.size() > MAX_PRESENCE_USERS) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "a presence look-up names 1 to " + MAX_PRESENCE_USERS
            + " users, got " + (refs == null ? 0 : refs.size()));
      }
      List<Long> ids = new ArrayList<>(refs.size());
      for (UserRef ref : refs) {
        ids.add(resolveQuietly(ref).id());
      }
      audit.target("users", ids.size());
      Map<Long, List<PresenceBinding>> online = shared.presence().lookupAll(ids);
      return ids.stream().map(id -> {
        List<PresenceBinding> live = online.getOrDefault(id, List.of());
        return new UserPresence(id, !live.isEmpty(), live);
      }).toList();
    });
  }

  // ---- helpers ----

  private User resolve(UserRef ref, AdminAudit.Entry audit, String role) {
    Objects.requireNonNull(ref, role);
    if (ref.isExternal()) {
      audit.target(role + "Ext", ref.externalId());
    }
    User user = resolveQuietly(ref);
    audit.target(role, user.id());
    return user;
  }

  private User resolveQuietly(UserRef ref) {
    Objects.requireNonNull(ref, "user");
    Optional<User> user = ref.isExternal() ? shared.users().findByExternalId(ref.externalId())
        : shared.users().findById(ref.id());
    return user.orElseThrow(() -> noSuchUser(ref));
  }

  private void requireNotSystem(User user) {
    if (SYSTEM_EMAIL.equals(user.email())) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "user " + user.id() + " is the system sender; it never signs in");
    }
  }

  private static void requireEnabled(User user) {
    if (user.disabled()) {
      throw AccountService.accountDisabled(user.id());
    }
  }

  private static ChatException noSuchUser(UserRef ref) {
    return new ChatException(ErrorCode.NOT_FOUND, ref.isExternal()
        ? "no user has external id '" + abbreviate(ref.externalId()) + "'"
        : "user " + ref.id() + " does not exist");
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static <T> T audited(AdminAudit.Entry audit, Supplier<T> operation) {
    T result;
    try {
      result = operation.get();
    } catch (RuntimeException e) {
      audit.failed(e);
      throw e;
    }
    audit.ok();
    return result;
  }

  /** A rate limiter that never limits: the host's calls are not a user's. */
  private static final RateLimiter UNLIMITED = new RateLimiter() {
    @Override
    public Optional<Duration> tryAcquire(String key, int limit, Duration window) {
      return Optional.empty();
    }

    @Override
    public void release(String key, Duration window) {}
  };

  /** Text checks of the builder. */
  private static final class BuilderText {
    static String require(String what, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " is required");
      }
      return value;
    }
  }

  /**
   * Builds an {@link AdminService}. The stores are the deployment's (the ones its chat nodes use);
   * {@code events} and {@code sessions} are how the deployment reaches online users: in
   * chat-server-netty, {@code NodePushes} and {@code PresenceSessionCloser}. Not thread-safe.
   */
  public static final class Builder {
    private UserStore users;
    private FriendStore friends;
    private MessageStore messages;
    private GroupStore groups;
    private TokenStore tokens;
    private PresenceRegistry presence;
    private NodeDirectory directory;
    private SessionCloser sessions = SessionCloser.NONE;
    private ChatEvents events = ChatEvents.NONE;
    private PasswordHasher hasher;
    private ChatLimits limits = ChatLimits.defaults();
    private Clock clock = Clock.systemUTC();
    private String systemName = DEFAULT_SYSTEM_NAME;
    private String caller = DEFAULT_CALLER;

    private Builder() {}

    /** Required. */
    public Builder userStore(UserStore v) {
      users = Objects.requireNonNull(v, "userStore");
      return this;
    }

    /** Required; give the node caches' invalidating wrapper when nodes cache friendships. */
    public Builder friendStore(FriendStore v) {
      friends = Objects.requireNonNull(v, "friendStore");
      return this;
    }

    /** Required. */
    public Builder messageStore(MessageStore v) {
      messages = Objects.requireNonNull(v, "messageStore");
      return this;
    }

    /** Required for {@link #createGroup}; without it createGroup is UNSUPPORTED_REQUEST. */
    public Builder groupStore(GroupStore v) {
      groups = Objects.requireNonNull(v, "groupStore");
      return this;
    }

    /** Required. */
    public Builder tokenStore(TokenStore v) {
      tokens = Objects.requireNonNull(v, "tokenStore");
      return this;
    }

    /** Required. */
    public Builder presenceRegistry(PresenceRegistry v) {
      presence = Objects.requireNonNull(v, "presenceRegistry");
      return this;
    }

    /** Required for {@link #issueToken}, which assigns a chat node like a login. */
    public Builder nodeDirectory(NodeDirectory v) {
      directory = Objects.requireNonNull(v, "nodeDirectory");
      return this;
    }

    /** How kicks reach sessions; default {@link SessionCloser#NONE} (the nodes' token re-check then ends them). */
    public Builder sessionCloser(SessionCloser v) {
      sessions = Objects.requireNonNull(v, "sessionCloser");
      return this;
    }

    /** Where stored changes are published for pushes; default {@link ChatEvents#NONE} (users learn by sync). */
    public Builder events(ChatEvents v) {
      events = Objects.requireNonNull(v, "events");
      return this;
    }

    /** Required when users are created with a password. */
    public Builder passwordHasher(PasswordHasher v) {
      hasher = Objects.requireNonNull(v, "passwordHasher");
      return this;
    }

    /** Text lengths and group limits; default {@link ChatLimits#defaults()} (use the nodes' limits). */
    public Builder limits(ChatLimits v) {
      limits = Objects.requireNonNull(v, "limits");
      return this;
    }

    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /** The system sender's name, a valid user name; default {@value #DEFAULT_SYSTEM_NAME}. */
    public Builder systemName(String v) {
      systemName = Validation.name(v);
      return this;
    }

    /** Who Java API calls are logged as; default {@value #DEFAULT_CALLER}. */
    public Builder caller(String v) {
      caller = BuilderText.require("caller", v);
      return this;
    }

    /** IllegalStateException when a required store is missing. */
    public AdminService build() {
      require("userStore", users);
      require("friendStore", friends);
      require("messageStore", messages);
      require("tokenStore", tokens);
      require("presenceRegistry", presence);
      NodeDirectory dir = directory != null ? directory : NO_DIRECTORY;
      PasswordHasher hash = hasher != null ? hasher : NO_HASHER;
      ChatEvents safe = new SafeEvents(events);
      GroupService groupService = new GroupService(users, friends, groups != null ? groups : NO_GROUPS, messages,
          safe, limits.withAllowStrangers(true), UNLIMITED, clock);
      return new AdminService(new Shared(users, friends, messages, tokens, presence, dir, sessions, safe, hash,
          limits, clock, groupService, systemName), caller);
    }

    private static void require(String what, Object value) {
      if (value == null) {
        throw new IllegalStateException(what + " is required");
      }
    }
  }

  private static final NodeDirectory NO_DIRECTORY = NoBackend.proxy(NodeDirectory.class, "nodeDirectory");
  private static final PasswordHasher NO_HASHER = NoBackend.proxy(PasswordHasher.class, "passwordHasher");
  private static final GroupStore NO_GROUPS = NoBackend.proxy(GroupStore.class, "groupStore");

  /** Stand-ins for optional backends: any call is UNSUPPORTED_REQUEST naming the missing setting. */
  private static final class NoBackend {
    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, String setting) {
      return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
          (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
              return method.getName().equals("toString") ? "no " + setting : method.invoke(setting, args);
            }
            throw new ChatException(ErrorCode.UNSUPPORTED_REQUEST, "the admin service was built without a " + setting);
          });
    }
  }
}
