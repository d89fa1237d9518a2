package org.keneya.adapters.wave;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs Wave webhooks for tests, here and in the gateway's. */
public final class WaveWebhooks {
  private WaveWebhooks() {}

  /** The {@code Wave-Signature} header of {@code body} sent at {@code timestamp} (Unix seconds). */
  public static String signatureHeader(String secret, long timestamp, String body) {
    return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + body);
  }

  /** Computed here independently of the adapter, as docs.wave.com/webhook describes it. */
  public static String hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }}
