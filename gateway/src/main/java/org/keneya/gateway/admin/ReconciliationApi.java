package org.keneya.gateway.admin;

import static org.keneya.gateway.JsonApi.error;
import static org.keneya.gateway.JsonApi.internalError;
import static org.keneya.gateway.JsonApi.json;
import static org.keneya.gateway.JsonApi.jsonBody;
import static org.keneya.gateway.JsonApi.uuidOrNull;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.keneya.flows.payments.Confirmation;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.pg.Actor;
import org.keneya.adapters.pg.PgReconciliation;
import org.keneya.config.KeneyaConfig;
import org.keneya.flows.accounts.Permission;
import org.keneya.gateway.accounts.Access;
import org.keneya.flows.money.Money;
import org.keneya.flows.reconciliation.Outcome;
import org.keneya.flows.reconciliation.ReconciliationReport;
import org.keneya.flows.reconciliation.StatementLine;
import org.keneya.flows.reconciliation.StatementMatcher;
import org.keneya.gateway.Metrics;
import org.keneya.gateway.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciliation with a wallet provider's statement, administrators only (statements hold every mutual's payments):
 * <ul>
 *   <li>{@code POST /api/v1/wallets/<wallet>/statements?importedBy=<name>[&fileName=<f>]} with the
 *       statement as CSV (columns date, reference, transaction_id, amount, currency, status):
 *       stores it and answers the report, per day, and every line's outcome;
 *   <li>{@code GET /api/v1/reconciliations/<id>}: that report again;
 *   <li>{@code POST /api/v1/reconciliations/<id>/bookings} with {@code {"lines":[..], "bookedBy":"..",
 *       "reason":".."}}: books the collected payments we had missed, each with its audit record.
 * </ul>
 */
public final class ReconciliationApi implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationApi.class);
  private static final int MAX_STATEMENT_BYTES = 10 * 1024 * 1024;
  private static final List<String> COLUMNS = List.of("date", "reference", "transaction_id", "amount", "currency", "status");
  /** Statuses providers use for collected money (MoMo, Orange's misspelt one, CinetPay, Wave, statements). */
  private static final Set<String> PAID = Set.of("SUCCESSFUL", "SUCCESSFULL", "SUCCESS", "SUCCEEDED", "ACCEPTED", "COMPLETED", "COMPLETE", "PAID");

  private final KeneyaConfig config;
  private final PgReconciliation store;
  private final PgPayments payments;
  private final Metrics metrics;

  private final Access access;

  public ReconciliationApi(KeneyaConfig config, PgReconciliation store, PgPayments payments, Metrics metrics, Access access) {
    this.access = access;
    this.config = config;
    this.store = store;
    this.payments = payments;
    this.metrics = metrics;
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/api/v1/wallets/:wallet/statements").handler(BodyHandler.create(false).setBodyLimit(MAX_STATEMENT_BYTES)).handler(access.require(Permission.RECONCILIATION)).handler(this::importStatement);
    router.get("/api/v1/reconciliations/:id").handler(access.require(Permission.RECONCILIATION)).handler(this::report);
    router.post("/api/v1/reconciliations/:id/bookings").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(access.require(Permission.RECONCILIATION)).handler(this::book);
  }

  private void importStatement(RoutingContext ctx) {
    String wallet = ctx.pathParam("wallet");
    if (config.wallet(wallet).isEmpty()) {
      json(ctx, 404, error("unknown_wallet", "no wallet '" + wallet + "' is configured"));
      return;
    }
    // Who imports is the authenticated principal; an importedBy in the query is ignored.
    Actor importedBy = Access.actor(ctx);
    String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
    // A statement may be megabytes: it is read, and later matched, off the event loop that answers USSD hops.
    ctx.vertx().executeBlocking(() -> parse(text, mutualCurrency()), false).onComplete(parsed -> {
      if (parsed.failed()) {
        if (parsed.cause() instanceof IllegalArgumentException e) json(ctx, 400, error("bad_statement", e.getMessage()));
        else internalError(ctx);
        return;
      }
      reconcile(ctx, wallet, importedBy, parsed.result());
    });
  }

  private void reconcile(RoutingContext ctx, String wallet, Actor importedBy, List<StatementLine> lines) {
    LocalDate first = lines.stream().map(StatementLine::day).filter(d -> d != null).min(LocalDate::compareTo).orElse(null);
    LocalDate last = lines.stream().map(StatementLine::day).filter(d -> d != null).max(LocalDate::compareTo).orElse(null);
    if (first == null) {
      json(ctx, 400, error("bad_statement", "no line of the statement could be read"));
      return;
    }
    store.payments(wallet, first, last)
        .compose(ours -> ctx.vertx().executeBlocking(() -> StatementMatcher.match(lines, ours), false))
        .compose(matches -> store.save(wallet, ctx.queryParams().get("fileName"), importedBy, first, last,
            summary(wallet, first, last, matches), matches))
        .compose(store::find)
        .onSuccess(found -> {
          LOG.info("statement of {} imported by {}: {} lines, days {} to {}", wallet, importedBy.name(), lines.size(), first, last);
          json(ctx, 201, render(found.orElseThrow()));
        })
        .onFailure(e -> {
          LOG.error("statement import of {} failed", wallet, e);
          json(ctx, 500, error("internal", "the statement could not be stored; it has been logged"));
        });
  }

  private void report(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    if (id == null) {
      json(ctx, 404, error("not_found", "no such reconciliation"));
      return;
    }
    store.find(id).onComplete(r -> {
      if (r.failed()) internalError(ctx);
      else if (r.result().isEmpty()) json(ctx, 404, error("not_found", "no such reconciliation"));
      else json(ctx, 200, render(r.result().get()));
    });
  }

  private void book(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("id"));
    JsonObject body = jsonBody(ctx);
    if (id == null) {
      json(ctx, 404, error("not_found", "no such reconciliation"));
      return;
    }
    if (body == null || !(body.getValue("lines") instanceof JsonArray wanted) || wanted.isEmpty()
        || !(body.getValue("reason") instanceof String reason) || reason.isBlank()) {
      json(ctx, 400, error("bad_request", "expected {\"lines\": [line numbers], \"reason\": \"why\"}"));
      return;
    }
    Set<Integer> numbers = new LinkedHashSet<>();
    for (Object n : wanted) {
      if (!(n instanceof Integer number)) {
        json(ctx, 400, error("bad_request", "lines must be line numbers of the statement"));
        return;
      }
      numbers.add(number);
    }
    Actor actor = Access.actor(ctx);
    store.find(id).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture((JsonObject) null);
      Map<Integer, PgReconciliation.Line> byNumber = new HashMap<>();
      found.get().lines().forEach(l -> byNumber.put(l.lineNumber(), l));
      JsonArray results = new JsonArray();
      Future<Void> chain = Future.succeededFuture();
      for (int number : numbers) {
        chain = chain.compose(x -> bookLine(found.get(), byNumber.get(number), number, actor, reason.strip())
            .map(result -> {
              results.add(result);
              return null;
            }));
      }
      return chain.map(x -> new JsonObject().put("reconciliation", id.toString()).put("results", results));
    }).onComplete(r -> {
      if (r.failed()) {
        LOG.error("booking from reconciliation {} failed", id, r.cause());
        internalError(ctx);
      } else if (r.result() == null) {
        json(ctx, 404, error("not_found", "no such reconciliation"));
      } else {
        json(ctx, 200, r.result());
      }
    });
  }

  private Future<JsonObject> bookLine(PgReconciliation.Import statement, PgReconciliation.Line line, int number, Actor actor, String reason) {
    JsonObject result = new JsonObject().put("line", number);
    if (line == null) return Future.succeededFuture(result.put("result", "refused").put("reason", "no such line"));
    if (line.bookedReceiptNumber() != null) {
      return Future.succeededFuture(result.put("result", "already_booked").put("receipt", line.bookedReceiptNumber()));
    }
    if (!line.outcome().equals(Outcome.MISSING_OURS.name()) || line.intentId() == null || line.amount() == null) {
      return Future.succeededFuture(result.put("result", "refused")
          .put("reason", "only a collected payment of ours that we did not book can be booked (this line is " + line.outcome() + ")"));
    }
    Money collected = Money.of(line.amount(), line.currency());
    String transaction = line.transactionId() == null || line.transactionId().isBlank() ? null : line.transactionId();
    return payments.confirm(line.intentId(), transaction, collected, line.day(), (conn, confirmation) ->
            confirmation instanceof Confirmation.Booked booked
                ? store.recordBooking(conn, statement.id(), line, booked.receiptNumber(), actor, reason)
                : Future.succeededFuture())
        .map(confirmation -> {
          if (confirmation instanceof Confirmation.Booked booked) {
            metrics.payment(statement.provider(), "booked_by_reconciliation");
            LOG.warn("payment {} booked from the {} statement by {}: receipt {} ({})", line.intentId(), statement.provider(), actor.name(),
                booked.receiptNumber(), reason);
            return result.put("result", "booked").put("receipt", booked.receiptNumber());
          }
          if (confirmation instanceof Confirmation.AlreadyBooked already) {
            return result.put("result", "already_booked").put("receipt", already.receiptNumber());
          }
          if (confirmation instanceof Confirmation.HeldForReview review) {
            return result.put("result", "held_for_review").put("reason", review.reason());
          }
          return result.put("result", "refused").put("reason", "unknown payment");
        });
  }

  /** Reads the statement CSV. A line that cannot be read is kept, as UNREADABLE with the reason; a bad header refuses the file. */
  static List<StatementLine> parse(String text, String defaultCurrency) {
    List<List<String>> rows = Csv.parse(text);
    if (rows.isEmpty()) throw new IllegalArgumentException("the statement is empty; expected a header " + String.join(",", COLUMNS));
    List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    Map<String, Integer> column = new HashMap<>();
    for (String name : COLUMNS) {
      int index = header.indexOf(name);
      if (index < 0 && !name.equals("currency")) {
        throw new IllegalArgumentException("the header has no column '" + name + "'; expected " + String.join(",", COLUMNS));
      }
      column.put(name, index);
    }
    List<StatementLine> lines = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      int lineNumber = i + 1;
      if (row.stream().allMatch(String::isBlank)) continue;
      lines.add(line(lineNumber, row, column, defaultCurrency));
    }
    return lines;
  }

  private static StatementLine line(int lineNumber, List<String> row, Map<String, Integer> column, String defaultCurrency) {
    String date = field(row, column.get("date"));
    LocalDate day;
    try {
      day = LocalDate.parse(date.length() >= 10 ? date.substring(0, 10) : date);
    } catch (DateTimeParseException e) {
      return StatementLine.unreadable(lineNumber, "date '" + date + "' is not a date like 2026-11-23");
    }
    String amountText = field(row, column.get("amount")).replaceAll("[\\s\\u00A0\\u202F]", "");
    long amount;
    try {
      amount = new java.math.BigDecimal(amountText).stripTrailingZeros().longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return StatementLine.unreadable(lineNumber, "amount '" + amountText + "' is not a whole number of francs");
    }
    String currency = field(row, column.get("currency"));
    currency = currency.isBlank() ? defaultCurrency : currency.strip().toUpperCase(Locale.ROOT);
    if (!currency.matches("[A-Z]{3}")) return StatementLine.unreadable(lineNumber, "currency '" + currency + "' is not a currency code");
    String reference = field(row, column.get("reference")).strip();
    String transaction = field(row, column.get("transaction_id")).strip();
    if (reference.isEmpty() && transaction.isEmpty()) return StatementLine.unreadable(lineNumber, "neither reference nor transaction_id");
    String status = field(row, column.get("status")).strip().toUpperCase(Locale.ROOT);
    return new StatementLine(lineNumber, day, reference, transaction, Money.of(amount, currency), PAID.contains(status), status, null);
  }

  private static String field(List<String> row, Integer index) {
    return index == null || index < 0 || index >= row.size() ? "" : row.get(index);
  }

  private String mutualCurrency() {
    return config.mutuals().isEmpty() ? "XOF" : config.mutuals().get(0).currency();
  }

  private static JsonObject summary(String wallet, LocalDate first, LocalDate last, List<StatementMatcher.Match> matches) {
    JsonArray days = new JsonArray();
    for (ReconciliationReport.Day day : ReconciliationReport.perDay(matches)) {
      JsonObject outcomes = new JsonObject();
      day.outcomes().forEach((outcome, tally) -> outcomes.put(outcome.name().toLowerCase(Locale.ROOT),
          new JsonObject().put("count", tally.count()).put("amount", tally.amount())));
      days.add(new JsonObject().put("day", day.day() == null ? null : day.day().toString()).put("wallet", wallet).put("outcomes", outcomes));
    }
    return new JsonObject().put("wallet", wallet).put("firstDay", first.toString()).put("lastDay", last.toString()).put("days", days);
  }

  private static JsonObject render(PgReconciliation.Import statement) {
    JsonArray lines = new JsonArray();
    for (PgReconciliation.Line l : statement.lines()) {
      lines.add(new JsonObject().put("line", l.lineNumber()).put("day", l.day() == null ? null : l.day().toString())
          .put("reference", l.reference()).put("transactionId", l.transactionId()).put("amount", l.amount()).put("currency", l.currency())
          .put("providerStatus", l.providerStatus()).put("outcome", l.outcome())
          .put("payment", l.intentId() == null ? null : l.intentId().toString()).put("receipt", l.receiptNumber())
          .put("bookable", l.outcome().equals(Outcome.MISSING_OURS.name()) && l.intentId() != null && l.bookedReceiptNumber() == null)
          .put("bookedReceipt", l.bookedReceiptNumber()).put("note", l.note()));
    }
    return new JsonObject().put("id", statement.id().toString()).put("wallet", statement.provider()).put("fileName", statement.fileName())
        .put("importedBy", statement.importedBy()).put("importedAt", statement.importedAt()).put("report", statement.report())
        .put("lines", lines);
  }

}
