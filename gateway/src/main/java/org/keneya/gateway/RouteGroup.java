package org.keneya.gateway;

import io.vertx.ext.web.Router;

/** Routes that belong together, each declaring who may call it, added to a router by the verticle that serves them. */
@FunctionalInterface
public interface RouteGroup {
  void addRoutes(Router router);
}
