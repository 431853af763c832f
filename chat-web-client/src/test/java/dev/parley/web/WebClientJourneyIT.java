package dev.parley.web;

import static dev.parley.web.ParleyPage.WAIT;
import static dev.parley.web.ParleyPage.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.web.testing.Browser;
import dev.parley.web.testing.Browsers;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The web client end to end: real headless Chromium pages against a real all-in-one
 * {@link dev.parley.server.ParleyServer} (codes read from a {@link MailSink}). Screenshots of the
 * main screens go to {@code target/screenshots/} on every run.
 */
class WebClientJourneyIT {
  private static final String PASSWORD = "correct horse 42";

  @RegisterExtension
  final Browsers browsers = new Browsers();

  private WebTestServer server;

  @BeforeEach
  void startServer() {
    Browser.assumeInstalled();
    server = new WebTestServer();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static String unique(String prefix) {
    return prefix + ThreadLocalRandom.current().nextInt(100_000, 999_999);
  }

  private record User(ParleyPage page, String name) {}

  private User signUp(String prefix, int width, String screenshot) {
    String name = unique(prefix);
    ParleyPage page = new ParleyPage(browsers.open(width, 800), server.pageUrl());
    page.signUp(server.mail, name + "@example.com", name, PASSWORD, screenshot);
    return new User(page, name);
  }

  /** {@code from} asks, {@code to} accepts (no remark); both see each other as friends. */
  private static void befriend(User from, User to) {
    from.page().requestFriend(to.name(), "hi from " + from.name());
    to.page().accept(from.name(), "");
    from.page().visible(test("friend", "name", to.name()));
  }

  @Test
  void twoUsersSignUpBefriendChatBothWaysAndUnreadCountsAndClears() {
    User ann = signUp("ann", 1280, "01-sign-up");
    User bob = signUp("bob", 1280, null);

    bob.page().requestFriend(ann.name(), "Hi ann,\nit is bob");
    await().atMost(WAIT).until(() -> "1".equals(ann.page().requestsBadge()));
    ann.page().nav("contacts");
    ParleyPage a = ann.page();
    assertThat(a.visible(test("friend-request", "name", bob.name())).findElement(test("greeting-text")).getText())
        .isEqualTo("Hi ann,\nit is bob");
    a.browser.screenshot("02-friend-request");
    a.accept(bob.name(), "Bobby");
    assertThat(a.requestsBadge()).isEmpty();

    String multiLine = "hello bob\nsecond line\n\nfourth, after an empty one";
    a.openChatWith(bob.name());
    assertThat(a.el("chat-title").getText()).isEqualTo("Bobby");
    a.send(multiLine);
    a.send("are you there?");
    a.awaitTexts(List.of(multiLine, "are you there?"));
    await().atMost(WAIT).until(() -> a.ownStates().equals(List.of("sent", "sent")));

    ParleyPage b = bob.page();
    b.nav("chats");
    await().atMost(WAIT).until(() -> "2".equals(b.unreadTotal()) && b.unreadOf(ann.name()) == 2);
    assertThat(b.browser.driver().getTitle()).isEqualTo("(2) Parley");
    b.browser.screenshot("03-unread");
    b.openConversation(ann.name());
    b.awaitTexts(List.of(multiLine, "are you there?"));
    assertThat(b.renderedTexts().get(0)).isEqualTo(multiLine); // pre-wrap keeps every line break
    assertThat(b.all(By.cssSelector("#messages .msg-row.theirs"))).hasSize(2);
    await().atMost(WAIT).until(() -> b.unreadTotal().isEmpty() && b.unreadOf(ann.name()) == 0);
    assertThat(b.browser.driver().getTitle()).isEqualTo("Parley");

    b.send("yes,\nhere");
    a.awaitTexts(List.of(multiLine, "are you there?", "yes,\nhere"));
    assertThat(a.all(By.cssSelector("#messages .msg-row.mine"))).hasSize(2);
    b.awaitTexts(List.of(multiLine, "are you there?", "yes,\nhere"));
    a.browser.screenshot("04-chat-1280x800");

    b.browser.windowSize(400, 800);
    b.browser.screenshot("05-chat-400x800");
    b.visible(test("back")).click();
    b.visible(test("conv", "name", ann.name()));
    assertThat(b.el("chat").isDisplayed()).isFalse(); // one pane at a time
    b.browser.screenshot("06-chats-400x800");
  }

  @Test
  void reloadShowsHistoryFromIndexedDbBeforeTheSocketIsUpAndSyncsOnlyWhatIsNew() {
    User ann = signUp("ann", 1280, null);
    User bob = signUp("bob", 1280, null);
    befriend(ann, bob);
    ParleyPage a = ann.page();
    ParleyPage b = bob.page();
    a.openChatWith(bob.name());
    List<String> sent = List.of("one", "two\nlines", "three");
    sent.forEach(a::send);
    b.openChatWith(ann.name());
    b.awaitTexts(sent);

    // No chat node is live from here on: whatever bob's reloaded page shows comes from IndexedDB.
    server.stopFirstNode();
    await().atMost(WAIT).until(() -> !"connected".equals(b.connState()));
    b.browser.driver().navigate().refresh();
    b.awaitReady();
    b.openConversation(ann.name());
    b.awaitTexts(sent);
    assertThat(b.connState()).isIn("connecting", "reconnecting");
    b.browser.screenshot("07-reload-history-before-connect");

    server.startSecondNode();
    b.awaitConnected();
    a.awaitConnected();
    a.send("after the reload");
    b.awaitTexts(List.of("one", "two\nlines", "three", "after the reload"));
    a.awaitTexts(List.of("one", "two\nlines", "three", "after the reload"));
    assertThat(b.all(By.cssSelector("#messages [data-test='msg']"))).hasSize(4);
  }

  @Test
  void whenTheChatNodeGoesThePagesMoveToAnotherByThemselvesAndMessagesSentMeanwhileArriveOnce() {
    User ann = signUp("ann", 1280, null);
    User bob = signUp("bob", 1280, null);
    befriend(ann, bob);
    ParleyPage a = ann.page();
    ParleyPage b = bob.page();
    a.openChatWith(bob.name());
    b.openChatWith(ann.name());
    a.send("before the move");
    b.awaitTexts(List.of("before the move"));

    server.startSecondNode();
    server.stopFirstNode();
    await().atMost(WAIT).until(() -> !"connected".equals(a.connState()));
    a.send("sent while moving");
    a.browser.screenshot("08-reconnecting");
    a.awaitConnected();
    b.awaitConnected();
    b.send("welcome to node 2");
    List<String> all = List.of("before the move", "sent while moving", "welcome to node 2");
    a.awaitTexts(all);
    b.awaitTexts(all);
    await().atMost(WAIT).until(() -> a.ownStates().equals(List.of("sent", "sent")));
    assertThat(server.server().chatNode().connectionCount()).isZero();
  }

  @Test
  void aGroupOfThreeSendsMessagesThenTheOwnerKicksOneAndAnotherLeaves() {
    User ann = signUp("ann", 1280, null);
    User bob = signUp("bob", 1280, null);
    User cid = signUp("cid", 400, null);
    befriend(bob, ann);
    befriend(cid, ann);
    ParleyPage a = ann.page();
    a.nav("groups");
    a.type("group-name", "trio");
    a.visible(test("group-pick", "name", bob.name())).click();
    a.visible(test("group-pick", "name", cid.name())).click();
    a.el("create-group").click();
    await().atMost(WAIT).until(() -> "trio".equals(a.el("chat-title").getText()));
    a.send("hello trio");

    ParleyPage b = bob.page();
    ParleyPage c = cid.page();
    b.openConversation("trio");
    c.openConversation("trio");
    b.awaitTexts(List.of("hello trio"));
    c.awaitTexts(List.of("hello trio"));
    c.send("hi from cid");
    b.send("and bob");
    for (ParleyPage p : List.of(a, b, c)) {
      p.awaitTexts(List.of("hello trio", "hi from cid", "and bob"));
    }
    // the owner may recall any member's message; the others see it recalled, and cid may not recall bob's
    assertThat(c.all(test("recall"))).hasSize(1); // only cid's own
    a.onMessage("hi from cid", "recall");
    a.awaitTexts(List.of("hello trio", "You recalled a message", "and bob"));
    for (ParleyPage p : List.of(b, c)) { // cid's own message, recalled by ann: it says who did
      p.awaitTexts(List.of("hello trio", ann.name() + " recalled a message", "and bob"));
    }
    a.el("members-btn").click();
    await().atMost(WAIT).until(() -> a.all(test("member")).size() == 3);
    a.browser.screenshot("09-group-members");

    a.visible(test("member", "user-id", userIdOf(a, cid.name()))).findElement(test("kick")).click();
    await().atMost(WAIT).until(() -> a.all(test("member")).size() == 2);
    c.visible(test("chat-note", "state", "not-member"));
    assertThat(c.el("chat-note").getText()).contains("removed");
    c.browser.screenshot("10-kicked-400x800");

    b.el("members-btn").click();
    b.visible(test("leave")).click();
    b.visible(test("chat-note", "state", "not-member"));
    assertThat(b.el("chat-note").getText()).contains("left");
    await().atMost(WAIT).until(() -> a.systemLines().stream().anyMatch(l -> l.endsWith(" left")));
    assertThat(a.systemLines()).anyMatch(l -> l.contains("removed"));
    a.el("members-btn").click();
    a.el("members-btn").click();
    await().atMost(WAIT).until(() -> a.all(test("member")).size() == 1);
  }

  @Test
  void theSenderEditsAndRecallsFromTheChatPaneAndTheReaderDeletesForThemselves() {
    User ann = signUp("ann", 1280, null);
    User bob = signUp("bob", 1280, null);
    befriend(ann, bob);
    ParleyPage a = ann.page();
    ParleyPage b = bob.page();
    a.openChatWith(bob.name());
    List.of("frist", "oops", "keep this").forEach(a::send);
    b.openChatWith(ann.name());
    b.awaitTexts(List.of("frist", "oops", "keep this"));
    a.awaitTexts(List.of("frist", "oops", "keep this"));

    a.edit("frist", "first");
    a.onMessage("oops", "recall");

    b.awaitTexts(List.of("first", "Message recalled", "keep this"));
    a.awaitTexts(List.of("first", "You recalled a message", "keep this"));
    for (ParleyPage p : List.of(a, b)) {
      assertThat(p.all(test("edited"))).hasSize(1);
      assertThat(p.all(test("msg-text", "recalled", "true"))).hasSize(1);
    }
    assertThat(a.el("editing").isDisplayed()).isFalse(); // the edit bar went with the edit
    b.browser.screenshot("12-recall-and-edit");

    // delete for me: gone from bob's pane (and his store: a reload shows the same), ann keeps it
    b.onMessage("keep this", "delete");
    b.awaitTexts(List.of("first", "Message recalled"));
    b.browser.driver().navigate().refresh();
    b.awaitReady();
    b.openConversation(ann.name());
    b.awaitConnected();
    b.awaitTexts(List.of("first", "Message recalled"));
    a.send("still here");
    b.awaitTexts(List.of("first", "Message recalled", "still here"));
    a.awaitTexts(List.of("first", "You recalled a message", "keep this", "still here"));
    // a recalled message offers nothing more; bob may not recall ann's message (no button) but may delete it
    assertThat(b.all(test("recall"))).isEmpty();
    assertThat(a.browser.consoleErrors()).isEmpty();
  }

  @Test
  void aUserBlocksAFriendFromTheChatAndUnblocksFromContacts() {
    User ann = signUp("ann", 1280, null);
    User bob = signUp("bob", 1280, null);
    befriend(ann, bob);
    ParleyPage a = ann.page();
    ParleyPage b = bob.page();
    a.openChatWith(bob.name());
    b.openChatWith(ann.name());
    By annOnlineForBob = By.cssSelector("[data-test='friend'][data-name='" + ann.name() + "'] [data-test='online']");
    await().atMost(WAIT).until(() -> !b.all(annOnlineForBob).isEmpty());

    a.visible(test("block-btn", "blocked", "false")).click();

    a.visible(test("block-btn", "blocked", "true"));
    assertThat(a.el("block-btn").getText()).isEqualTo("Unblock");
    await().atMost(WAIT).until(() -> b.all(annOnlineForBob).isEmpty()); // ann's presence is hidden from bob
    b.send("are you there?");
    await().atMost(WAIT).until(() -> b.ownStates().equals(List.of("failed")));
    assertThat(b.visible(By.cssSelector("[data-pending] .msg-status")).getText()).contains("BLOCKED");
    a.nav("contacts");
    WebElement listed = a.visible(test("blocked-user", "name", bob.name()));
    a.browser.screenshot("13-blocked-in-contacts");
    assertThat(a.texts()).isEmpty();

    listed.findElement(test("unblock")).click();

    await().atMost(WAIT).until(() -> a.all(test("blocked-user")).isEmpty());
    a.visible(test("block-btn", "blocked", "false"));
    await().atMost(WAIT).until(() -> !b.all(annOnlineForBob).isEmpty());
    b.el("retry").click();
    a.awaitTexts(List.of("are you there?"));
    b.awaitTexts(List.of("are you there?"));
    assertThat(b.ownStates()).containsExactly("sent");
  }

  @Test
  void markupInAMessageShowsAsTextAndRunsNothing() {
    User ann = signUp("ann", 1280, null);
    User bob = signUp("bob", 1280, null);
    befriend(ann, bob);
    String markup = "<img src=x onerror=alert(1)>";
    ParleyPage a = ann.page();
    ParleyPage b = bob.page();
    a.openChatWith(bob.name());
    a.send(markup);
    b.nav("chats");
    await().atMost(WAIT).until(() -> b.all(test("conv-preview")).stream().anyMatch(e -> e.getText().equals(markup)));
    b.openConversation(ann.name());
    b.awaitTexts(List.of(markup));
    a.awaitTexts(List.of(markup));
    for (ParleyPage p : List.of(a, b)) {
      assertThat(p.all(By.cssSelector("#messages img, #list-body img"))).isEmpty();
      assertThatThrownBy(() -> p.browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
      assertThat(p.browser.consoleErrors()).isEmpty();
    }
    b.browser.screenshot("11-markup-as-text");
  }

  /** The user id the page shows for a friend (from its contacts list). */
  private static String userIdOf(ParleyPage page, String name) {
    Object id = page.browser.script("return document.querySelector(\"[data-test='member'][data-name='\" + arguments[0] + \"']\")?.dataset.userId;", name);
    assertThat(id).as("member %s is listed", name).isNotNull();
    return (String) id;
  }
}
