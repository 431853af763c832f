package dev.parley.web;

import static org.awaitility.Awaitility.await;

import dev.parley.web.testing.Browser;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web client as a user drives it, through the {@code data-test} attributes of its elements:
 * sign up with the mailed code, befriend, open chats, send, read what is shown. Every wait is a
 * timed condition (Awaitility), never a sleep. Not thread-safe.
 */
final class ParleyPage {
  static final Duration WAIT = Duration.ofSeconds(20);

  final Browser browser;

  ParleyPage(Browser browser, String url) {
    this.browser = browser;
    browser.open(url);
    awaitReady();
  }

  void awaitReady() {
    await().atMost(WAIT).until(() -> "ready".equals(browser.script("return document.documentElement.dataset.app;")));
  }

  static By test(String name) {
    return By.cssSelector("[data-test='" + name + "']");
  }

  static By test(String name, String attr, String value) {
    return By.cssSelector("[data-test='" + name + "'][data-" + attr + "='" + value + "']");
  }

  WebElement el(String name) {
    return browser.driver().findElement(test(name));
  }

  List<WebElement> all(By by) {
    return browser.driver().findElements(by);
  }

  /** Waits until {@code by} is on the page and visible, and returns it. */
  WebElement visible(By by) {
    await().atMost(WAIT).ignoreExceptions().until(() -> browser.driver().findElement(by).isDisplayed());
    return browser.driver().findElement(by);
  }

  void type(String name, String text) {
    WebElement e = visible(test(name));
    e.clear();
    e.sendKeys(text);
  }

  /** Signs up through the page with the code the server mailed, and waits until connected. */
  void signUp(MailSink mail, String email, String name, String password, String screenshot) {
    visible(test("tab-signup")).click();
    type("auth-email", email);
    int before = mail.countTo(email);
    el("send-code").click();
    await().atMost(WAIT).until(() -> mail.countTo(email) > before);
    type("auth-code", mail.lastCodeFor(email).orElseThrow());
    type("auth-name", name);
    type("auth-password", password);
    await().atMost(WAIT).until(() -> el("send-code").getAttribute("data-seconds-left") != null);
    if (screenshot != null) {
      browser.screenshot(screenshot);
    }
    el("auth-submit").click();
    awaitConnected();
  }

  String connState() {
    return el("conn-state").getAttribute("data-state");
  }

  void awaitConnected() {
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "connected".equals(connState()));
  }

  void nav(String view) {
    visible(test("nav-" + view)).click();
  }

  /** Searches {@code name} and sends a friend request with {@code greeting}. */
  void requestFriend(String name, String greeting) {
    nav("contacts");
    type("search-input", name);
    el("search").click();
    WebElement result = visible(test("search-result", "name", name));
    WebElement g = result.findElement(test("greeting"));
    g.clear();
    g.sendKeys(greeting);
    result.findElement(test("add-friend")).click();
    await().atMost(WAIT).until(() -> "Request sent".equals(result.findElement(test("request-note")).getText()));
  }

  /** The red badge of new friend requests ("" when hidden). */
  String requestsBadge() {
    WebElement b = el("requests-badge");
    return b.isDisplayed() ? b.getText() : "";
  }

  /** The total unread badge on the rail ("" when hidden). */
  String unreadTotal() {
    WebElement b = el("unread-total");
    return b.isDisplayed() ? b.getText() : "";
  }

  void accept(String fromName, String remark) {
    nav("contacts");
    WebElement request = visible(test("friend-request", "name", fromName));
    request.findElement(test("remark")).sendKeys(remark);
    request.findElement(test("accept")).click();
    visible(test("friend", "name", fromName));
  }

  /** Opens the 1:1 chat with a friend from the contacts list (by the friend's account name). */
  void openChatWith(String name) {
    nav("contacts");
    visible(test("friend", "name", name)).click();
    visible(test("composer"));
  }

  /** Opens a conversation from the chats list by its shown name. */
  void openConversation(String shownName) {
    nav("chats");
    visible(test("conv", "name", shownName)).click();
    visible(test("messages"));
  }

  /** The unread badge of a conversation in the chats list (0 when none). */
  int unreadOf(String shownName) {
    List<WebElement> badge = browser.driver().findElements(By.cssSelector(
        "[data-test='conv'][data-name='" + shownName + "'] [data-test='conv-unread']"));
    return badge.isEmpty() ? 0 : Integer.parseInt(badge.get(0).getText());
  }

  /** Types {@code text} (its line breaks as Shift+Enter) and presses the send button. */
  void send(String text) {
    WebElement box = visible(test("composer"));
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        box.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
      }
      box.sendKeys(lines[i]);
    }
    el("send").click();
  }

  /** The texts of the bubbles of the open conversation, in order, as the DOM holds them (textContent). */
  @SuppressWarnings("unchecked")
  List<String> texts() {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll(\"#messages [data-test='msg'] [data-test='msg-text']\")].map(e => e.textContent);");
  }

  /** The texts as rendered (innerText: line breaks kept only if the CSS keeps them). */
  @SuppressWarnings("unchecked")
  List<String> renderedTexts() {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll(\"#messages [data-test='msg'] [data-test='msg-text']\")].map(e => e.innerText);");
  }

  /** The send state of each own bubble (sending, sent, failed), in order. */
  @SuppressWarnings("unchecked")
  List<String> ownStates() {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll(\"#messages [data-test='msg'][data-mine='true']\")].map(e => e.dataset.state);");
  }

  /** The system lines of the open group conversation. */
  @SuppressWarnings("unchecked")
  List<String> systemLines() {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll(\"#messages [data-test='system-msg']\")].map(e => e.textContent);");
  }

  /** Clicks {@code action} (edit, recall, delete) on the stored bubble of the open conversation whose text is {@code text}. */
  void onMessage(String text, String action) {
    WebElement row = await().atMost(WAIT).until(() -> all(test("msg")).stream()
        .filter(r -> r.getAttribute("data-pending") == null
            && r.findElements(test("msg-text")).stream().anyMatch(t -> t.getText().equals(text)))
        .findFirst().orElse(null), java.util.Objects::nonNull);
    row.findElement(test(action)).click();
  }

  /** Edits this user's stored message {@code from} to {@code to} through the chat pane. */
  void edit(String from, String to) {
    onMessage(from, "edit");
    WebElement box = visible(test("composer"));
    await().atMost(WAIT).until(() -> from.equals(box.getAttribute("value")));
    visible(test("editing"));
    box.clear();
    box.sendKeys(to);
    el("send").click();
  }

  void awaitTexts(List<String> expected) {
    await().atMost(WAIT).untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(texts()).isEqualTo(expected));
  }
}
