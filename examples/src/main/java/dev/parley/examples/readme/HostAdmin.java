package dev.parley.examples.readme;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.DeviceInfo;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.UserRef;
import dev.parley.core.service.AdminService;
import dev.parley.server.AdminApiSettings;
import dev.parley.server.ParleyServer;

/** The host application's side: its users made in Parley, signed in with tokens it issues, and told things by the system. */
public final class HostAdmin {
  private HostAdmin() {}

  public static void main(String[] args) throws InterruptedException {
    ParleyServer server = ParleyServer.builder().gatePort(8080).chatPort(9000)
        .adminApi(AdminApiSettings.builder()                    // off unless configured; never on the gate port
            .port(8081)                                         // loopback by default
            .bearer("my-backend", System.getenv("PARLEY_ADMIN_SECRET")) // 32+ characters
            .build())
        .build().start();
    LoginResult login = signIn(server.admin(), "crm-7781", "kim_lee");
    System.out.println("give the client token " + login.token().token() + " for " + login.node().host() + ":"
        + login.node().port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    Thread.currentThread().join();
  }

  /** Makes the host's user {@code externalId} a Parley user on first sight, issues a token and welcomes them. */
  public static LoginResult signIn(AdminService admin, String externalId, String name) {
    UserRef user = UserRef.external(externalId);
    try {
      admin.user(user);
    } catch (ChatException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      admin.createUser(new AdminService.NewAccount(externalId, name, null, null, null)); // first time
      admin.sendSystemMessage(user, "welcome-" + externalId, "Welcome to the chat, " + name + "!");
    }
    return admin.issueToken(user, DeviceInfo.UNNAMED);          // audited on logger parley.admin
  }
}
