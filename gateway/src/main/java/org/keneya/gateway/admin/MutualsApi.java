package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.flows.accounts.Principal;
import org.keneya.gateway.RouteGroup;
import org.keneya.gateway.accounts.Access;

/** {@code GET /api/v1/mutuals} (permission {@code MUTUALS_READ}): the principal's mutuals with their sections and products. */
public final class MutualsApi implements RouteGroup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeneyaConfig config;
  private final Access access;

  public MutualsApi(KeneyaConfig config, Access access) {
    this.config = config;
    this.access = access;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/v1/mutuals").handler(access.require(Permission.MUTUALS_READ)).handler(this::mutuals);
  }

  private void mutuals(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    Principal principal = Access.principal(ctx);
    for (MutualConfig mutual : config.mutuals()) {
      if (!principal.knows(mutual.id())) continue;
      JsonArray sections = new JsonArray();
      mutual.sections().forEach(s -> sections.add(new JsonObject().put("id", s.id()).put("name", s.name())
          .put("contact", s.contact()).put("products", new JsonArray(s.offeredProducts(mutual)))));
      JsonArray products = new JsonArray();
      mutual.products().forEach(id -> config.product(id).ifPresent(p -> products.add(product(p))));
      list.add(new JsonObject().put("id", mutual.id()).put("code", mutual.code()).put("name", mutual.name())
          .put("union", mutual.union()).put("currency", mutual.currency()).put("contact", mutual.contact())
          .put("sections", sections).put("products", products));
    }
    json(ctx, 200, new JsonObject().put("mutuals", list));
  }

  private static JsonObject product(ProductConfig p) {
    return new JsonObject(JSON.convertValue(p, Map.class));
  }
}
