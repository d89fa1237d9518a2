package org.keneya.adapters.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.keneya.config.WalletConfig;

/** The HTTP client of one wallet's API. */
public final class WalletClients {
  private WalletClients() {}

  /**
   * Its own connection pool, as large as the wallet's bulkhead lets calls be in flight: one slow
   * operator holds its own connections only, and calls its bulkhead admits never queue for one.
   */
  public static WebClient create(Vertx vertx, WalletConfig wallet) {
    return WebClient.create(vertx, new WebClientOptions().setUserAgent("keneya-gateway").setConnectTimeout(wallet.timeoutMillis()),
        new PoolOptions().setHttp1MaxSize(wallet.resilienceOrDefault().maxConcurrentCalls()));
  }

  /** A base URL without its trailing slash, so that paths can be appended to it. */
  public static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
