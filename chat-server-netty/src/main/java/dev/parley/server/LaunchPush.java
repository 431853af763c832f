package dev.parley.server;

import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.server.push.WebhookPushSender;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The offline push options of {@link ParleyServerMain}, each defaulting to its environment
 * variable: {@code --push-webhook-url URL} with {@code --push-webhook-secret-file FILE} (the
 * secret is the file's content, surrounding whitespace trimmed, at least 16 bytes) turn the
 * {@link WebhookPushSender} on; {@code --push-preview none|sender|text} sets the preview mode.
 * Not thread-safe.
 */
final class LaunchPush {
  static final String USAGE = String.join("\n",
      "Offline push (a webhook for users with no live session):",
      "  --push-webhook-url URL  POST each offline push as signed JSON to URL [PARLEY_PUSH_WEBHOOK_URL]",
      "  --push-webhook-secret-file FILE  the HMAC secret (file content, trimmed, at least 16 bytes);",
      "                          required with --push-webhook-url [PARLEY_PUSH_WEBHOOK_SECRET_FILE]",
      "  --push-preview MODE     none|sender|text: what a push shows (default sender) [PARLEY_PUSH_PREVIEW]");

  private String url;
  private String secretFile;
  private String preview;

  LaunchPush(Map<String, String> env) {
    url = env.get("PARLEY_PUSH_WEBHOOK_URL");
    secretFile = env.get("PARLEY_PUSH_WEBHOOK_SECRET_FILE");
    preview = env.get("PARLEY_PUSH_PREVIEW");
  }

  /** Takes an option with a value; false when {@code option} is not a push option. */
  boolean option(String option, String value) {
    switch (option) {
      case "--push-webhook-url" -> url = value;
      case "--push-webhook-secret-file" -> secretFile = value;
      case "--push-preview" -> preview = value;
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Puts the webhook and preview mode on {@code b}. @throws IllegalArgumentException for bad values */
  void apply(ParleyServerBuilder b) {
    if (preview != null && !preview.isBlank()) {
      b.pushPreview(previewMode(preview));
    }
    if (url == null || url.isBlank()) {
      if (secretFile != null && !secretFile.isBlank()) {
        throw new IllegalArgumentException("--push-webhook-secret-file needs --push-webhook-url");
      }
      return;
    }
    if (secretFile == null || secretFile.isBlank()) {
      throw new IllegalArgumentException("--push-webhook-url needs --push-webhook-secret-file");
    }
    try {
      b.offlinePush(WebhookPushSender.builder(new URI(url), secret(Path.of(secretFile))).build());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--push-webhook-url is not a URL: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--push-webhook-url: " + e.getMessage(), e);
    }
  }

  private static byte[] secret(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--push-webhook-secret-file " + file + " cannot be read: " + e, e);
    }
  }

  private static PreviewMode previewMode(String value) {
    try {
      return PreviewMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--push-preview must be one of "
          + Arrays.toString(PreviewMode.values()).toLowerCase(Locale.ROOT) + ", was '" + value + "'");
    }
  }
}
