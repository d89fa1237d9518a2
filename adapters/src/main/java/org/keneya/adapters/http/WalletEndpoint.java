package org.keneya.adapters.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.keneya.config.WalletConfig;

/**
 * Where one wallet's API is, how long a call to it may take, and where it notifies this gateway.
 *
 * @param name the wallet's id, the provider name payments are recorded under
 */
public record WalletEndpoint(String name, WebClient client, int timeoutMillis, String baseUrl, String callbackBaseUrl) {

  public static WalletEndpoint of(Vertx vertx, WalletConfig wallet, String baseUrl, String callbackBaseUrl) {
    return new WalletEndpoint(wallet.id(), WalletClients.create(vertx, wallet), wallet.timeoutMillis(),
        WalletClients.withoutTrailingSlash(baseUrl), WalletClients.withoutTrailingSlash(callbackBaseUrl));
  }

  /** The address the provider notifies when it is set once for the wallet (in the provider's portal). */
  public String callbackUrl() {
    return callbackBaseUrl + "/callbacks/" + name;
  }

  /** The address the provider notifies about one payment, when it is given with each request. */
  public String callbackUrl(String referenceId) {
    return callbackUrl() + "/" + referenceId;
  }
}
