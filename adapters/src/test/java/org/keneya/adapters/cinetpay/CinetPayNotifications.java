package org.keneya.adapters.cinetpay;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs CinetPay notifications for tests, here and in the gateway's. */
public final class CinetPayNotifications {
  private CinetPayNotifications() {}

  /**
   * The token as CinetPay's HMAC page computes it, written out independently of the adapter: the
   * decoded field values in the documented order, HMAC-SHA256 with the secret key, hex.
   */
  public static String sign(String form, String secret) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String pair : form.split("&")) {
      String[] parts = pair.split("=", 2);
      fields.put(parts[0], java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    String data = String.join("", List.of("cpm_site_id", "cpm_trans_id", "cpm_trans_date", "cpm_amount", "cpm_currency",
            "signature", "payment_method", "cel_phone_num", "cpm_phone_prefixe", "cpm_language", "cpm_version",
            "cpm_payment_config", "cpm_page_action", "cpm_custom", "cpm_designation", "cpm_error_message")
        .stream().map(f -> fields.getOrDefault(f, "")).toList());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }}
