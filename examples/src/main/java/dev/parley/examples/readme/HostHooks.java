package dev.parley.examples.readme;

import dev.parley.core.hooks.ChatEventListener;
import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.hooks.MessageInterceptor.Verdict;
import dev.parley.core.model.Message;
import dev.parley.server.ParleyServer;
import java.time.Duration;
import java.util.Set;

/** A word filter before every message is stored, and a listener that hears what chat did. */
public final class HostHooks {
  private HostHooks() {}

  public static void main(String[] args) throws InterruptedException {
    ParleyServer server = start(8080, 9000);
    System.out.println("gate " + server.gateUrl() + ", chat " + server.chatAddress());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    Thread.currentThread().join();
  }

  /** Starts all roles with both hooks; port 0 picks a free port. */
  public static ParleyServer start(int gatePort, int chatPort) {
    Set<String> banned = Set.of("darn", "heck");
    MessageInterceptor filter = draft -> {             // 1:1 and group texts, thread-safe
      if (draft.text().contains("http://")) {
        return Verdict.reject("links must use https");  // the sender gets REJECTED_BY_POLICY
      }
      String text = draft.text();
      for (String word : banned) {
        text = text.replace(word, "*".repeat(word.length()));
      }
      return text.equals(draft.text()) ? Verdict.accept() : Verdict.replace(text);
    };
    ChatEventListener audit = new ChatEventListener() {  // one thread, off the request path
      @Override
      public void messageStored(Message m) {
        System.out.println("message " + m.id() + " from " + m.senderId() + " to " + m.recipientId());
      }

      @Override
      public void userOnline(long userId) {
        System.out.println("user " + userId + " is online");
      }
    };
    return ParleyServer.builder()
        .gatePort(gatePort).chatPort(chatPort)
        .messageInterceptor(filter).interceptorTimeout(Duration.ofMillis(200))
        .eventListener(audit).eventQueueCapacity(10_000)
        .build().start();
  }
}
