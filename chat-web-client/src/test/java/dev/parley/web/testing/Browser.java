package dev.parley.web.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium for a test, driven through Selenium and Debian's chromedriver: exactly the
 * flags {@code --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
 * --disable-component-update --disable-sync}, a fresh {@code --user-data-dir} (a temporary
 * directory deleted by {@link #close()}), a window size, screenshots to
 * {@code target/screenshots/<name>.png} and the page's console log (CSP violations and uncaught
 * errors included) kept for assertions.
 *
 * <p>Nothing is downloaded: the driver and browser paths are given, so Selenium Manager never
 * runs (the build also sets {@code SE_OFFLINE} and {@code SE_AVOID_STATS}). {@link #close()}
 * always quits Chromium; {@link Browsers} closes every browser of a test even when it fails.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class Browser implements AutoCloseable {
  /** Debian's chromium. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** Debian's chromium-driver. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** The flags every browser runs with (plus its user data dir and window size). */
  public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync");
  /** Where {@link #screenshot} writes, relative to the module (Maven's working directory). */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final Path userDataDir;
  private final List<LogEntry> console = new ArrayList<>();
  private boolean closed;

  private Browser(ChromeDriver driver, Path userDataDir) {
    this.driver = driver;
    this.userDataDir = userDataDir;
  }

  /** True when Debian's chromium is installed. */
  public static boolean installed() {
    return Files.isExecutable(CHROMIUM);
  }

  /**
   * Skips the calling test, with the reason, when {@code /usr/bin/chromium} is absent (only then:
   * a missing chromedriver with chromium present fails in {@link #start}).
   */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(installed(), "skipped: " + CHROMIUM + " is absent; scripts/test.sh installs it "
        + "(apt-get install -y chromium chromium-driver)");
  }

  /** A browser with a 1280×800 window. */
  public static Browser start() {
    return start(1280, 800);
  }

  /** A browser whose window is {@code width}×{@code height} CSS pixels. */
  public static Browser start(int width, int height) {
    assumeInstalled();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Path dir;
    try {
      dir = Files.createTempDirectory("parley-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(FLAGS);
    options.addArguments("--user-data-dir=" + dir, "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
      return new Browser(driver, dir).windowSize(width, height);
    } catch (RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  /** The Selenium driver, for anything this class does not wrap. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Loads {@code url} and waits for the load event. */
  public Browser open(String url) {
    driver.get(url);
    return this;
  }

  /**
   * Sets the page's viewport to exactly {@code width}×{@code height} CSS pixels (e.g. 400×800 for
   * the narrow layout). Headless Chromium keeps its window at least 500 px wide, so the size is
   * set through DevTools' device metrics, which the page sees as {@code innerWidth}/{@code innerHeight}
   * and media queries, and which screenshots have.
   */
  public Browser windowSize(int width, int height) {
    driver.manage().window().setSize(new Dimension(Math.max(width, 500), height));
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    return this;
  }

  /** Runs {@code script} in the page (WebDriver's evaluation, not subject to the page's CSP) and returns its value. */
  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Writes a PNG of the viewport to {@code target/screenshots/<name>.png} and returns its path. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(shot.toPath());
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every console entry so far (the browser hands each one over once; they are kept here). */
  public List<LogEntry> consoleLog() {
    if (!closed) {
      driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
    }
    return List.copyOf(console);
  }

  /** The messages of the console entries at level SEVERE (errors, CSP violations, uncaught exceptions). */
  public List<String> consoleErrors() {
    return consoleLog().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
  }

  /** Quits Chromium and deletes its user data dir; idempotent, and deletes even when quitting fails. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      consoleLog();
    } catch (RuntimeException ignored) {
      // a dead browser has no log to give; quit anyway
    }
    closed = true;
    try {
      driver.quit();
    } finally {
      deleteTree(userDataDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temporary anyway
    }
  }
}
