package dev.parley.examples.hostapp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.service.ChatLimits;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServer;
import dev.parley.server.identity.JwtSettings;
import dev.parley.server.push.WebhookPushSender;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * A host application embedding Parley: its users sign in with the host's JWTs (HS256, a shared
 * secret), and a user who is offline is notified through the host's webhook. It starts the server
 * and its own webhook endpoint, mints a JWT for "kim" and logs kim in with it, and messages "lee",
 * whose app signed in once and is now closed: the signed push for lee arrives at the endpoint.
 *
 * <pre>
 * java dev.parley.examples.hostapp.HostAppExample
 * </pre>
 */
public final class HostAppExample {
  private static final String ISSUER = "https://host-app.example";
  private static final String AUDIENCE = "parley";

  private HostAppExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the story above; returns the body of the webhook push for lee. */
  public static String run(PrintStream out) throws Exception {
    byte[] jwtSecret = randomBytes(32); // the host's app server and Parley share it
    byte[] webhookSecret = randomBytes(32);
    try (HostWebhookReceiver endpoint = new HostWebhookReceiver(webhookSecret);
        WebhookPushSender webhook = WebhookPushSender.builder(endpoint.url(), webhookSecret).build()) {
      ParleyServer server = ParleyServer.builder().gatePort(0).chatPort(0)
          .limits(ChatLimits.defaults().withAllowStrangers(true)) // kim and lee are not Parley friends
          .jwt(JwtSettings.builder().hs256Secret(jwtSecret).issuer(ISSUER).audience(AUDIENCE).build())
          .offlinePush(webhook).pushPreview(PreviewMode.TEXT)
          .build().start();
      try (ParleyClient client = ParleyClient.builder().gateUrl(URI.create(server.gateUrl())).build()) {
        // lee signed in once (an account is made on first sight) and has no connection now
        long leeId = client.loginWithToken(mint(jwtSecret, "host-user-2", "lee")).userId();
        ChatSession kim = client.connectWithToken(mint(jwtSecret, "host-user-1", "kim"), new ChatListener() { });
        out.println("kim is Parley user " + kim.userId() + "; messaging lee (user " + leeId + "), who is offline");
        kim.sendMessage(leeId, "Lunch at noon?");
        String push = endpoint.pushes().poll(10, TimeUnit.SECONDS);
        out.println("webhook for lee: " + push);
        kim.close();
        return push;
      } finally {
        server.stop();
      }
    }
  }

  /** What the host's app server does: a short-lived JWT naming its own user id and name. */
  static String mint(byte[] secret, String hostUserId, String name) throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(hostUserId)
        .claim("preferred_username", name).issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
