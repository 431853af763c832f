package dev.parley.web.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that owns a test's browsers: {@link #open} starts one, and after each test
 * every browser it started is closed, a failing test's first taking a screenshot
 * {@code <Class>-<method>-failed-<n>.png} and printing its console log first. Register it as
 * {@code @RegisterExtension final Browsers browsers = new Browsers();}. Not thread-safe.
 */
public final class Browsers implements AfterEachCallback {
  private final List<Browser> open = new ArrayList<>();

  /** A 1280×800 browser, closed after the test. */
  public Browser open() {
    return open(1280, 800);
  }

  /** A {@code width}×{@code height} browser, closed after the test. */
  public Browser open(int width, int height) {
    Browser b = Browser.start(width, height);
    open.add(b);
    return b;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    boolean failed = context.getExecutionException().isPresent();
    String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    RuntimeException first = null;
    for (int i = 0; i < open.size(); i++) {
      Browser b = open.get(i);
      try {
        if (failed) {
          b.screenshot(name + "-failed-" + (i + 1));
          System.err.println(name + " browser " + (i + 1) + " console: " + b.consoleLog());
        }
      } catch (RuntimeException e) {
        // the browser may be what failed; still close it
      } finally {
        try {
          b.close();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          }
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
