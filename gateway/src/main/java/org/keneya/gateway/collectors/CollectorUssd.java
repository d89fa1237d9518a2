package org.keneya.gateway.collectors;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.keneya.adapters.pg.HouseholdRecord;
import org.keneya.adapters.pg.PgCashDeposits;
import org.keneya.adapters.pg.PgCollectors;
import org.keneya.adapters.pg.PgCollectors.Collector;
import org.keneya.adapters.pg.PgHouseholds;
import org.keneya.adapters.pg.PgPayments;
import org.keneya.adapters.pg.PgPins;
import org.keneya.adapters.pg.PgRemittances;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.flows.collectors.NewDeposit;
import org.keneya.flows.collectors.Pins;
import org.keneya.flows.messages.Messages;
import org.keneya.flows.money.ContributionCalculator;
import org.keneya.flows.money.ContributionQuote;
import org.keneya.flows.money.Money;
import org.keneya.flows.people.MemberNumbers;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ussd.HouseholdView;
import org.keneya.gateway.Views;
import org.keneya.gateway.ussd.PinChecks;

/**
 * The collector's USSD menu, on the members' service code from a collector's number: a cash
 * deposit (household, periods or quantity, amount received, time of collection, PIN), the cash
 * position and the month's commission (after the PIN), and a PIN change; a collector who is also
 * a member can switch to the members' menu. The session (in PostgreSQL) keeps the step and what
 * was entered, never a PIN; PINs are checked by {@link PinChecks}: counted before they are
 * checked, delayed after three wrong ones. A hop that would ask for a PIN, or carries one, over
 * a query string (freeflow GET, which proxies log) ends the session unchecked.
 */
public final class CollectorUssd {
  /** Steps whose input is a PIN. */
  private static final java.util.Set<String> PIN_STEPS = java.util.Set.of("PIN", "OLD_PIN", "NEW_PIN", "VIEW_PIN");
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

  /**
   * A screen, whether the session ends, and whether the caller goes on as a member (the members'
   * menu answers; {@code opensMemberMenu} on the hop that chose it).
   */
  public record Screen(String text, boolean end, boolean asMember, boolean opensMemberMenu) {
    Screen(String text, boolean end) {
      this(text, end, false, false);
    }
  }

  private final Vertx vertx;
  private final PgCollectors collectors;
  private final PgCashDeposits deposits;
  private final PgRemittances remittances;
  private final PgHouseholds households;
  private final KeneyaConfig config;
  private final Messages messages;
  private final Clock clock;
  private final PinChecks pinChecks;

  public CollectorUssd(Vertx vertx, PgCollectors collectors, PgCashDeposits deposits, PgRemittances remittances, PgHouseholds households,
      KeneyaConfig config, Messages messages, Clock clock, PinChecks pinChecks) {
    this.pinChecks = pinChecks;
    this.vertx = vertx;
    this.collectors = collectors;
    this.deposits = deposits;
    this.remittances = remittances;
    this.households = households;
    this.config = config;
    this.messages = messages;
    this.clock = clock;
  }

  /**
   * One hop of {@code collector}'s session. {@code input} is what was typed (null on the first
   * hop); {@code hops} counts the inputs of a cumulative protocol (a resent hop has no more than
   * the last one answered and gets the same answer), or -1 when the protocol sends only the latest.
   * Whether {@code caller} is also a member is looked up only for the screens that offer the switch.
   * Without {@code pinsAllowed} (the hop came in a query string) no PIN is asked for or read.
   */
  public Future<Screen> answer(Collector collector, String sessionId, String input, int hops, Msisdn caller, boolean pinsAllowed) {
    return collectors.session(sessionId, collector.id()).compose(found -> {
      if (found.isPresent() && hops >= 0 && hops <= found.get().hops()) {
        JsonObject last = new JsonObject(found.get().lastAnswer());
        return Future.succeededFuture(new Screen(last.getString("text"), last.getBoolean("end"), last.getBoolean("asMember"), false));
      }
      JsonObject state = found.isEmpty() || input == null ? new JsonObject().put("step", "MENU").put("session", sessionId)
          : found.get().state().copy();
      if (state.getBoolean("asMember", false)) return Future.succeededFuture(new Screen("", false, true, false));
      boolean opening = found.isEmpty() || input == null;
      Future<Screen> screen;
      if (!pinsAllowed && !opening && PIN_STEPS.contains(state.getString("step"))) {
        // The hop carries a PIN in a query string: neither checked nor kept.
        screen = Future.succeededFuture(overGet(collector, state));
      } else {
        screen = (opening ? memberToo(caller).map(member -> menu(collector, member, null)) : step(collector, state, input.strip(), caller))
            .map(next -> !pinsAllowed && !next.end() && PIN_STEPS.contains(state.getString("step")) ? overGet(collector, state) : next);
      }
      return screen.compose(s -> {
        if (s.asMember()) state.put("asMember", true);
        JsonObject answer = new JsonObject().put("text", s.text()).put("end", s.end()).put("asMember", s.asMember());
        return collectors.saveSession(sessionId, collector.id(), new PgCollectors.Session(state, Math.max(hops, 0), answer.encode())).map(s);
      });
    });
  }

  private Screen overGet(Collector collector, JsonObject state) {
    pinChecks.refusedOverGet("collector", PgPins.collector(collector.id()));
    state.put("step", "MENU");
    return new Screen(text("ussd.pinOverGet", Map.of()), true);
  }

  private String language() {
    return Messages.DEFAULT_LANGUAGE;
  }

  private MutualConfig mutual(Collector collector) {
    return config.mutual(collector.mutualId()).orElseThrow(() -> new IllegalStateException("collector of unknown mutual " + collector.mutualId()));
  }

  private String text(String key, Map<String, ?> args) {
    return messages.text(language(), key, args);
  }

  private Screen menu(Collector collector, boolean memberToo, String before) {
    String menu = text("collector.menu", Map.of("name", collector.name(), "mutualCode", mutual(collector).code()))
        + (memberToo ? "\n" + text("collector.menuMember", Map.of()) : "");
    return new Screen(before == null ? menu : before + "\n" + menu, false);
  }

  /** Whether the collector calling from {@code caller} heads a household too, and may switch to the members' menu. */
  private Future<Boolean> memberToo(Msisdn caller) {
    return households.findByMsisdn(caller, 0).map(Optional::isPresent);
  }

  private Future<Screen> step(Collector collector, JsonObject state, String input, Msisdn caller) {
    String step = state.getString("step");
    return switch (step) {
      case "MENU" -> chosen(collector, state, input, caller);
      case "MEMBER" -> household(collector, state, input);
      case "PERIODS" -> periods(collector, state, input);
      case "AMOUNT" -> amount(state, input);
      case "TIME" -> time(state, input);
      case "PIN" -> pin(collector, state, input);
      case "VIEW_PIN" -> viewPin(collector, state, input);
      case "OLD_PIN" -> oldPin(collector, state, input);
      case "NEW_PIN" -> newPin(collector, input);
      default -> memberToo(caller).map(member -> menu(collector, member, null));
    };
  }

  private Future<Screen> chosen(Collector collector, JsonObject state, String input, Msisdn caller) {
    switch (input) {
      case "1":
        state.put("step", "MEMBER");
        return Future.succeededFuture(new Screen(text("collector.askMember", Map.of()), false));
      case "2":
      case "3":
        state.put("step", "VIEW_PIN").put("view", input.equals("3") ? "commission" : "position");
        return Future.succeededFuture(new Screen(text("collector.askPinView", Map.of()), false));
      case "4":
        state.put("step", "OLD_PIN");
        return Future.succeededFuture(new Screen(text("collector.askOldPin", Map.of()), false));
      case "9":
        return memberToo(caller).map(member -> member ? new Screen("", false, true, true)
            : menu(collector, false, text("collector.invalidChoice", Map.of())));
      default:
        return memberToo(caller).map(member -> menu(collector, member, text("collector.invalidChoice", Map.of())));
    }
  }

  private Future<Screen> position(Collector collector, boolean commission) {
    LocalDate month = LocalDate.now(clock).withDayOfMonth(1);
    String currency = mutual(collector).currency();
    return remittances.position(collector.id(), month).map(p -> {
      if (!commission) {
        return new Screen(text("collector.position", Map.of("confirmed", Money.of(p.confirmed(), currency).format(), "count", p.confirmedDeposits(),
            "pending", Money.of(p.pending(), currency).format(), "pendingCount", p.pendingDeposits())), true);
      }
      int percent = config.collectorCommissionPercent(mutual(collector));
      return new Screen(text("collector.commission", Map.of("month", month.getMonthValue() + "/" + month.getYear(),
          "commission", Money.of(org.keneya.flows.collectors.Commissions.of(p.collectedThisMonth(), percent), currency).format(), "percent", percent,
          "collected", Money.of(p.collectedThisMonth(), currency).format())), true);
    });
  }

  private Future<Screen> household(Collector collector, JsonObject state, String input) {
    Optional<String> number = MemberNumbers.read(input, mutual(collector).code());
    Optional<Msisdn> phone = input.length() >= 8 ? Msisdn.parse(input, config.defaultCountryCode()) : Optional.empty();
    Future<Optional<HouseholdRecord>> found = phone.isPresent() ? households.findByMsisdn(phone.get(), 0)
        : number.isPresent() ? households.findByMemberNumber(number.get(), 0) : Future.succeededFuture(Optional.empty());
    return found.compose(record -> {
      if (record.isEmpty() || !record.get().mutualId().equals(collector.mutualId()) || record.get().enrolment() == null) {
        return Future.succeededFuture(Optional.<HouseholdRecord>empty());
      }
      // One deposit waits for its member at a time: each quote counts the adhesion fees not yet paid.
      return deposits.pendingCode(record.get().id()).map(pending -> {
        if (pending.isEmpty()) return record;
        state.put("pendingCode", pending.get());
        return Optional.<HouseholdRecord>empty();
      });
    }).map(record -> {
      if (record.isEmpty() && state.containsKey("pendingCode")) {
        String code = (String) state.remove("pendingCode");
        return new Screen(text("collector.pendingDeposit", Map.of("code", code)), true);
      }
      if (record.isEmpty()) return new Screen(text("collector.unknownMember", Map.of("member", input)), false);
      HouseholdView view = Views.household(config, record.get());
      state.put("step", "PERIODS").put("household", record.get().id().toString()).put("memberNumber", record.get().memberNumber())
          .put("headMsisdn", record.get().headMsisdn()).put("language", record.get().language())
          .put("enrolment", record.get().enrolment().id().toString()).put("sectionId", record.get().sectionId());
      return new Screen(askQuantity(view), false);
    });
  }

  /** Asks how many periods are paid, or how much produce was sold for produce-priced products. */
  private String askQuantity(HouseholdView view) {
    if (view.product().contribution() instanceof ProductConfig.ContributionRule.PerQuantity perQuantity) {
      return text("collector.askQuantity", Map.of("memberNumber", view.memberNumber(),
          "amount", Money.of(perQuantity.amountPerUnit(), view.mutual().currency()).format(), "unit", perQuantity.unit()));
    }
    return text("collector.askPeriods", Map.of("memberNumber", view.memberNumber(), "persons", view.persons(),
        "amount", quote(view, 1, 0).memberPaysMoney().format()));
  }

  private static ContributionQuote quote(HouseholdView view, int periods, long quantity) {
    return ContributionCalculator.quote(view.product(), view.mutual().currency(), view.guaranteeLevel(), view.persons(), periods, quantity,
        view.persons(), view.adhesionFeesPaid());
  }

  private Future<Screen> periods(Collector collector, JsonObject state, String input) {
    return households.findById(UUID.fromString(state.getString("household")), 0).map(record -> {
      HouseholdView view = Views.household(config, record.orElseThrow());
      boolean perQuantity = view.product().contribution() instanceof ProductConfig.ContributionRule.PerQuantity;
      long value;
      try {
        value = Long.parseLong(input);
      } catch (NumberFormatException e) {
        value = -1;
      }
      if (value < 1 || (!perQuantity && value > 12) || value > 10_000_000) {
        return new Screen(text("collector.badNumber", Map.of()) + "\n" + askQuantity(view), false);
      }
      ContributionQuote quote = perQuantity ? quote(view, 1, value) : quote(view, (int) value, 0);
      state.put("step", "AMOUNT").put("periods", perQuantity ? 1 : (int) value).put("quote", new JsonObject(PgPayments.quoteJson(quote)));
      return new Screen(text("collector.askAmount", Map.of("amount", quote.memberPaysMoney().format())), false);
    });
  }

  private Future<Screen> amount(JsonObject state, String input) {
    ContributionQuote quote = PgPayments.quoteFrom(state.getJsonObject("quote").encode());
    String typed = input.replace(" ", "").replace(".", "");
    if (!typed.equals(Long.toString(quote.memberPays()))) {
      return Future.succeededFuture(new Screen(text("collector.wrongAmount", Map.of("amount", quote.memberPaysMoney().format())), false));
    }
    state.put("step", "TIME");
    return Future.succeededFuture(new Screen(text("collector.askTime", Map.of()), false));
  }

  private Future<Screen> time(JsonObject state, String input) {
    ZonedDateTime now = ZonedDateTime.now(clock);
    ZonedDateTime collected;
    if (input.equals("0")) {
      collected = now;
    } else if (input.matches("[0-9]{4}") && Integer.parseInt(input.substring(0, 2)) < 24 && Integer.parseInt(input.substring(2)) < 60) {
      // Entered later the same day, when the network came back: the collection keeps its own time.
      collected = now.with(LocalTime.of(Integer.parseInt(input.substring(0, 2)), Integer.parseInt(input.substring(2))));
      if (collected.isAfter(now)) collected = null;
    } else {
      collected = null;
    }
    if (collected == null) return Future.succeededFuture(new Screen(text("collector.badTime", Map.of()), false));
    state.put("step", "PIN").put("collectedAt", collected.toInstant().toString());
    ContributionQuote quote = PgPayments.quoteFrom(state.getJsonObject("quote").encode());
    return Future.succeededFuture(new Screen(text("collector.askPin", Map.of("memberNumber", state.getString("memberNumber"),
        "amount", quote.memberPaysMoney().format(), "time", HOUR.format(collected))), false));
  }

  /** Checks {@code pin} (see {@link PinChecks}). Completes with the screen to show when it is refused. */
  private Future<Optional<Screen>> checkPin(Collector collector, String pin, String askAgain) {
    return pinChecks.check("collector", PgPins.collector(collector.id()), pin, collector.pinHash(),
            newHash -> collectors.upgradePinHash(collector.id(), collector.pinHash(), newHash))
        .map(outcome -> {
          if (outcome instanceof PinChecks.Outcome.Passed) return Optional.<Screen>empty();
          if (outcome instanceof PinChecks.Outcome.Wrong wrong) {
            return Optional.of(new Screen(text("collector.wrongPin", Map.of("failures", wrong.failures(), "attempts", PgPins.FREE_ATTEMPTS))
                .replace("PIN:", askAgain), false));
          }
          return Optional.of(delayed(collector, ((PinChecks.Outcome.Delayed) outcome).until()));
        });
  }

  private Screen delayed(Collector collector, java.time.OffsetDateTime until) {
    MutualConfig mutual = mutual(collector);
    String contact = mutual.section(collector.sectionId()).map(MutualConfig.SectionConfig::contact).orElse(mutual.contact());
    return new Screen(text("collector.delayed", Map.of("time", pinChecks.time(until), "contact", contact == null ? "" : contact)), true);
  }

  private Future<Screen> viewPin(Collector collector, JsonObject state, String pin) {
    return checkPin(collector, pin, text("collector.askPinView", Map.of())).compose(refused -> {
      if (refused.isPresent()) return Future.succeededFuture(refused.get());
      return position(collector, "commission".equals(state.getString("view")));
    });
  }

  private Future<Screen> pin(Collector collector, JsonObject state, String pin) {
    return checkPin(collector, pin, "PIN:").compose(refused -> {
      if (refused.isPresent()) return Future.succeededFuture(refused.get());
      return record(collector, state, 0);
    });
  }

  private Future<Screen> record(Collector collector, JsonObject state, int attempt) {
    MutualConfig mutual = mutual(collector);
    ContributionQuote quote = PgPayments.quoteFrom(state.getJsonObject("quote").encode());
    java.time.Instant collectedAt = java.time.Instant.parse(state.getString("collectedAt"));
    String code = String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    String language = messages.supports(state.getString("language")) ? state.getString("language") : Messages.DEFAULT_LANGUAGE;
    NewDeposit deposit = new NewDeposit(collector.id(), collector.name(), mutual.code(),
        UUID.fromString(state.getString("household")), UUID.fromString(state.getString("enrolment")), state.getString("memberNumber"),
        state.getString("headMsisdn"), language, quote, state.getInteger("periods"), collectedAt, "ussd:" + state.getString("session"), code);
    return deposits.record(deposit, collector.mutualId(), state.getString("sectionId"))
        .map(recorded -> new Screen(text("collector.recorded", Map.of("code", recorded.code(), "memberNumber", state.getString("memberNumber"))),
            true))
        .recover(e -> e instanceof PgCashDeposits.CodeTaken && attempt < 5 ? record(collector, state, attempt + 1) : Future.failedFuture(e));
  }

  private Future<Screen> oldPin(Collector collector, JsonObject state, String pin) {
    return checkPin(collector, pin, text("collector.askOldPin", Map.of())).map(refused -> {
      if (refused.isPresent()) return refused.get();
      state.put("step", "NEW_PIN");
      return new Screen(text("collector.askNewPin", Map.of()), false);
    });
  }

  private Future<Screen> newPin(Collector collector, String twice) {
    String half = twice.length() % 2 == 0 ? twice.substring(0, twice.length() / 2) : "";
    Optional<String> problem = !twice.equals(half + half) ? Optional.of("2 x") : Pins.problem(half);
    if (problem.isPresent()) {
      return Future.succeededFuture(new Screen(text("collector.badNewPin", Map.of("problem", problem.get())), false));
    }
    return vertx.executeBlocking(() -> Pins.hash(half), false)
        .compose(hash -> collectors.changePin(collector.id(), hash))
        .map(x -> new Screen(text("collector.pinChanged", Map.of()), true));
  }
}
