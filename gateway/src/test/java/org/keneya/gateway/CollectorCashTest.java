package org.keneya.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keneya.adapters.Recorded;
import org.keneya.adapters.pg.PgDatabase;
import org.keneya.gateway.support.GatewayFixture;

/**
 * A collector's cash from the member's hand to the bank, through the gateway's own routes: the
 * collector registered by the admin API, the deposit entered by USSD with the PIN, confirmed by the
 * member's SMS, booked once, remitted; a dispute; the delays after wrong PINs; PIN screens refused
 * over freeflow GET; sessions that cannot change numbers.
 */
class CollectorCashTest {
  private static final String COLLECTOR = "+22376000200";
  private static final String HEAD = "+22376000301";
  private static GatewayFixture gateway;
  private static int inbound;

  /** A gateway of its own for each test: receipt and member numbers start from 1 in each. */
  @BeforeEach
  void start() {
    // One deposit more than one per household in 30 days is named in the anomalies report.
    gateway = new GatewayFixture(Map.of("KENEYA_COLLECTORS_DEPOSITS_PER_HOUSEHOLD", "1"));
    gateway.sms.stubFor(post("/version1/messaging").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody(Recorded.read("africastalking/sent.json"))));
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Mariam Diallo","headMsisdn":"%s","language":"fr",
         "members":[{"name":"Oumar Diallo","birthYear":2016}]}""".formatted(HEAD));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private static String collector(String msisdn, String pin) {
    var created = gateway.admin("POST", "/api/v1/collectors", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","name":"Bakary Traore","msisdn":"%s","pin":"%s"}""".formatted(msisdn, pin));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  private static String screen(String session, String phone, String text) {
    var answer = gateway.ussd(session, phone, text, "61002");
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.body();
  }

  private static String sms(String from, String text) {
    var answer = gateway.postForm("/sms/inbound", Map.of("from", from, "to", "36180", "text", text, "id", "in-" + (++inbound)));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  private static String lastSmsTo(String to) {
    List<Map<String, Object>> rows = gateway.sql("SELECT payload->>'message' AS m FROM outbox WHERE payload->>'to' = '" + to + "' ORDER BY id DESC LIMIT 1");
    return rows.isEmpty() ? null : rows.get(0).get("m").toString();
  }

  private static String code() {
    return gateway.sql("SELECT code FROM cash_deposit ORDER BY entered_at DESC LIMIT 1").get(0).get("code").toString();
  }

  @Test
  void registrationRefusesABadBody_fieldByField() {
    var refused = gateway.admin("POST", "/api/v1/collectors", "application/json", """
        {"mutual":"mopti-cercle","section":"nowhere","msisdn":"12","pin":"1234"}""");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"section\"", "unknown section", "\"name\"", "\"msisdn\"", "\"pin\"", "not a run of digits");
    assertThat(gateway.admin("POST", "/api/v1/collectors", "application/json", "not json").statusCode()).isEqualTo(400);
  }

  @Test
  void cashFromTheMembersHandToTheBank() {
    String id = collector(COLLECTOR, "4821");
    assertThat(gateway.sql("SELECT pin_hash FROM collector WHERE msisdn = '" + COLLECTOR + "'").get(0).get("pin_hash").toString())
        .startsWith("pbkdf2-sha256$").doesNotContain("4821");

    // The collector's phone gets the collector's menu; the deposit: household by its head's phone, one year, 2 persons.
    // (The network shows Unicode, but the menu is longer than a UCS-2 string holds: it comes in GSM spelling.)
    assertThat(screen("d1", COLLECTOR, "")).startsWith("CON Bakary Traore, collecteur MOP").contains("1 Nouveau dépot");
    assertThat(screen("d1", COLLECTOR, "1")).contains("Numéro de membre ou téléphone");
    assertThat(screen("d1", COLLECTOR, "1*76000301")).contains("Foyer MOP-000001, 2 pers.", "Une période: 4 460 FCFA");
    assertThat(screen("d1", COLLECTOR, "1*76000301*1")).contains("A payer: 4 460 FCFA");
    assertThat(screen("d1", COLLECTOR, "1*76000301*1*4000")).contains("Le montant doit être 4 460 FCFA");
    assertThat(screen("d1", COLLECTOR, "1*76000301*1*4000*4460")).contains("Heure de la collecte");
    assertThat(screen("d1", COLLECTOR, "1*76000301*1*4000*4460*0")).contains("PIN pour confirmer");
    String done = screen("d1", COLLECTOR, "1*76000301*1*4000*4460*0*4821");
    assertThat(done).startsWith("END Dépôt enregistré, code ");
    // The aggregator resending the PIN hop records nothing more.
    assertThat(screen("d1", COLLECTOR, "1*76000301*1*4000*4460*0*4821")).isEqualTo(done);
    assertThat(gateway.count("SELECT count(*) FROM cash_deposit")).isEqualTo(1);
    assertThat(gateway.storedSessions().get("at:" + gateway.session("d1"))).contains("\"menu\":\"collector\"");
    assertThat(gateway.storedSessions().values()).allSatisfy(stored -> {
      JsonObject session = new JsonObject(stored.startsWith("{") ? stored : "{}");
      assertThat(String.valueOf(session.getValue("state")) + session.getString("lastText")).doesNotContain("4821");
    });
    String code = code();
    assertThat(lastSmsTo(HEAD)).contains("le collecteur Bakary Traore a recu 4 460 FCFA", "OUI " + code, "NON " + code);
    assertThat(gateway.count("SELECT count(*) FROM receipt")).as("nothing counts before the member confirms").isZero();

    // The member confirms, twice: one receipt, one journal entry on the collectors' cash.
    sms(HEAD, "oui " + code);
    sms(HEAD, "OUI " + code);
    assertThat(gateway.count("SELECT count(*) FROM receipt")).isEqualTo(1);
    assertThat(gateway.sql("SELECT channel, amount FROM receipt").get(0)).containsEntry("channel", "cash").containsEntry("amount", 4460L);
    assertThat(gateway.sql("SELECT p.amount FROM posting p JOIN journal_entry e ON e.id = p.entry_id WHERE p.account = 'collector-cash'"))
        .singleElement().satisfies(r -> assertThat(r).containsEntry("amount", 4460L));
    assertThat(gateway.sql("SELECT memo FROM journal_entry").get(0).get("memo").toString()).contains("confirmed by the member");
    assertThat(lastSmsTo(HEAD)).startsWith("MOP recu MOP-R0000001: 4 460 FCFA le ");
    assertThat(lastSmsTo(COLLECTOR)).contains("Dépot " + code + " confirmé par le foyer MOP-000001: 4 460 FCFA, recu MOP-R0000001");

    // The collector's cash position and commission, by USSD after the PIN, and by the admin API.
    assertThat(screen("d2", COLLECTOR, "")).contains("collecteur");
    assertThat(screen("d2", COLLECTOR, "2")).isEqualTo("CON Votre PIN:");
    assertThat(screen("d2", COLLECTOR, "2*4821")).startsWith("END Caisse: 4 460 FCFA confirmés non versés (1 dépots)");
    assertThat(screen("d3", COLLECTOR, "")).contains("collecteur");
    assertThat(screen("d3", COLLECTOR, "3")).isEqualTo("CON Votre PIN:").doesNotContain("FCFA");
    assertThat(screen("d3", COLLECTOR, "3*4821")).contains("223 FCFA (5% de 4 460 FCFA confirmés)");
    JsonObject shown = new JsonObject(gateway.admin("GET", "/api/v1/collectors/" + id, "application/json", null).body());
    assertThat(shown.getJsonObject("position").getLong("confirmedNotRemitted")).isEqualTo(4460L);

    // The treasurer records the bank slip, 60 FCFA short: the position is zero, the difference held for review.
    var remitted = gateway.admin("POST", "/api/v1/collectors/" + id + "/remittances", "application/json", """
        {"slipReference":"BNDA-2026-0042","institution":"bank","amount":4400,"depositedOn":"2026-11-20","confirmedBy":"tresoriere"}""");
    assertThat(remitted.statusCode()).as(remitted.body()).isEqualTo(201);
    assertThat(new JsonObject(remitted.body()).getMap()).containsEntry("position", 4460).containsEntry("shortfall", 60);
    assertThat(gateway.admin("POST", "/api/v1/collectors/" + id + "/remittances", "application/json", """
        {"slipReference":"BNDA-2026-0042","institution":"bank","amount":4400,"depositedOn":"2026-11-20","confirmedBy":"tresoriere"}""")
        .statusCode()).as("the same slip twice").isEqualTo(409);
    assertThat(gateway.admin("POST", "/api/v1/collectors/" + id + "/remittances", "application/json", """
        {"slipReference":"","institution":"coffre","amount":-5,"depositedOn":"hier"}""").statusCode()).isEqualTo(400);
    shown = new JsonObject(gateway.admin("GET", "/api/v1/collectors/" + id, "application/json", null).body());
    assertThat(shown.getJsonObject("position").getLong("confirmedNotRemitted")).isZero();
    assertThat(gateway.sql("SELECT account, sum(amount) AS total FROM posting GROUP BY account ORDER BY account").stream()
        .filter(r -> List.of("bank", "collector-cash", "cash-shortfall").contains(r.get("account")))
        .map(r -> r.get("account") + "=" + r.get("total")).toList())
        .containsExactly("bank=4400", "cash-shortfall=60", "collector-cash=0");
    assertThat(gateway.count("SELECT coalesce(sum(amount), 0) FROM posting")).isZero();

    // A second deposit, disputed: nothing booked, the collector told.
    screen("d4", COLLECTOR, "");
    assertThat(screen("d4", COLLECTOR, "1*MOP-000001*1*3460*0*4821"))
        .as("a cumulative text jumping ahead is read by its last input: no deposit without its steps").contains("Choix invalide");
    screen("d5", COLLECTOR, "");
    for (String text : List.of("1", "1*1", "1*1*1", "1*1*1*3460", "1*1*1*3460*0", "1*1*1*3460*0*4821")) screen("d5", COLLECTOR, text);
    assertThat(gateway.count("SELECT count(*) FROM cash_deposit")).isEqualTo(2);
    String disputed = code();
    assertThat(sms(HEAD, "NON " + disputed)).contains("answered");
    assertThat(lastSmsTo(HEAD)).contains("dépot " + disputed + " contesté");
    assertThat(lastSmsTo(COLLECTOR)).contains("Dépot " + disputed + " de 3 460 FCFA contesté par le foyer MOP-000001");
    assertThat(gateway.count("SELECT count(*) FROM receipt")).isEqualTo(1);
    assertThat(sms(HEAD, "OUI " + disputed)).contains("answered");
    assertThat(gateway.count("SELECT count(*) FROM receipt")).as("a disputed deposit is not confirmed later").isEqualTo(1);
    assertThat(sms(HEAD, "OUI 0000")).contains("answered");
    assertThat(lastSmsTo(HEAD)).contains("aucun dépot 0000 en attente");
  }

  /**
   * A deposit the member confirms while the treasurer's remittance is being recorded is not in its
   * journal entry, so it is not marked remitted by it either: it waits for the next remittance. The
   * remittance is held between counting the deposits and writing its row by another transaction
   * holding the same slip reference (for another collector), and the member confirms in that gap.
   */
  @Test
  void aDepositConfirmedDuringARemittanceIsLeftForTheNext() throws Exception {
    String id = collector(COLLECTOR, "4821");
    String other = collector("+22376000999", "1357");
    sms(HEAD, "OUI " + deposit("r1", COLLECTOR, HEAD, 4460, "4821"));
    enrol("+22376000402");
    String late = deposit("r2", COLLECTOR, "+22376000402", 2730, "4821");
    PgDatabase database = gateway.database();
    try (java.sql.Connection holder = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      holder.setAutoCommit(false);
      try (var statement = holder.createStatement()) {
        statement.execute("""
            INSERT INTO remittance (id, mutual_id, collector_id, slip_reference, institution, amount, position, shortfall, currency,
                                    deposited_on, confirmed_by)
            VALUES (gen_random_uuid(), 'mopti-cercle', '%s', 'BNDA-RACE', 'bank', 1, 0, 0, 'XOF', '2026-11-20', 'test')""".formatted(other));
      }
      var remitting = java.util.concurrent.CompletableFuture.supplyAsync(() -> gateway.admin("POST", "/api/v1/collectors/" + id + "/remittances",
          "application/json", """
              {"slipReference":"BNDA-RACE","institution":"bank","amount":4460,"depositedOn":"2026-11-20","confirmedBy":"tresoriere"}"""));
      GatewayFixture.eventually(10, () -> assertThat(gateway.count(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO remittance%'")).isEqualTo(1));
      sms("+22376000402", "OUI " + late);
      assertThat(gateway.count("SELECT count(*) FROM cash_deposit WHERE status = 'CONFIRMED'")).isEqualTo(2);
      holder.rollback();
      var remitted = remitting.get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(remitted.statusCode()).as(remitted.body()).isEqualTo(201);
      assertThat(new JsonObject(remitted.body()).getMap()).containsEntry("position", 4460).containsEntry("shortfall", 0);
    }
    assertThat(gateway.sql("SELECT code, remittance_id IS NOT NULL AS remitted FROM cash_deposit ORDER BY entered_at").stream()
        .map(r -> r.get("code") + "=" + r.get("remitted")).toList()).endsWith(late + "=false");
    assertThat(gateway.count("SELECT coalesce(sum(d.amount), 0) FROM cash_deposit d JOIN remittance r ON r.id = d.remittance_id"))
        .as("what the remittance marked is what its entry moved").isEqualTo(4460);
    JsonObject shown = new JsonObject(gateway.admin("GET", "/api/v1/collectors/" + id, "application/json", null).body());
    assertThat(shown.getJsonObject("position").getLong("confirmedNotRemitted")).isEqualTo(2730L);
  }

  private static void enrol(String head) {
    var created = gateway.admin("POST", "/api/v1/households", "application/json", """
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"Awa Sidibe","headMsisdn":"%s","language":"fr",
         "members":[]}""".formatted(head));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  /** A whole deposit by USSD for the household of {@code head}, one period of {@code amount}; returns its code. */
  private static String deposit(String session, String collector, String head, long amount, String pin) {
    String member = head.substring(4);
    screen(session, collector, "");
    for (String text : List.of("1", "1*" + member, "1*" + member + "*1", "1*" + member + "*1*" + amount, "1*" + member + "*1*" + amount + "*0")) {
      screen(session, collector, text);
    }
    assertThat(screen(session, collector, "1*" + member + "*1*" + amount + "*0*" + pin)).startsWith("END Dépôt enregistré");
    return code();
  }

  @Test
  void unansweredDepositsAreAutoConfirmedAndFlagged_andTheAnomaliesReportNamesWhatToCheck() {
    String id = collector("+22376000203", "2468");
    enrol("+22376000310");
    deposit("a1", "+22376000203", "+22376000310", 2730, "2468");
    // One deposit of a household waits for its member at a time: the adhesion fee is in both otherwise.
    screen("a0", "+22376000203", "");
    screen("a0", "+22376000203", "1");
    assertThat(screen("a0", "+22376000203", "1*76000310")).contains("attend la confirmation du membre");
    // It was collected three days ago and entered a day later; nobody answered in the 48 hours since.
    gateway.sql("UPDATE cash_deposit SET collected_at = now() - interval '3 days', entered_at = now() - interval '49 hours'"
        + " WHERE collector_id = '" + id + "' RETURNING id");
    CashDepositsAccess.autoConfirm(gateway);
    deposit("a2", "+22376000203", "+22376000310", 1730, "2468");
    assertThat(gateway.sql("SELECT status, confirmed_by FROM cash_deposit WHERE collector_id = '" + id + "' ORDER BY amount DESC"))
        .extracting(r -> r.get("status") + "/" + r.get("confirmed_by")).containsExactly("CONFIRMED/auto", "PENDING/null");
    assertThat(gateway.sql("SELECT e.memo FROM journal_entry e JOIN receipt r ON r.id = e.receipt_id JOIN household h ON h.id = r.household_id"
        + " WHERE h.head_msisdn = '+22376000310'").get(0).get("memo").toString()).contains("auto-confirmed without the member's answer");
    assertThat(lastSmsTo("+22376000203")).contains("confirmé sans réponse du foyer");

    JsonObject report = new JsonObject(gateway.admin("GET", "/api/v1/mutuals/mopti-cercle/reports/collectors", "application/json", null).body());
    JsonObject mine = report.getJsonArray("collectors").stream().map(o -> (JsonObject) o).filter(c -> c.getString("id").equals(id))
        .findFirst().orElseThrow();
    assertThat(mine.getLong("position")).isEqualTo(2730L);
    assertThat(mine.getLong("awaitingMembers")).isEqualTo(1730L);
    assertThat(mine.getJsonArray("anomalies").getList()).contains("1 auto-confirmed without the member's answer",
        "1 entered 12 h or more after collection");
    assertThat(report.getJsonArray("householdsWithManyDeposits").stream().map(o -> ((JsonObject) o).getString("memberNumber")).toList())
        .containsExactly("MOP-000002");
  }

  @Test
  void theMemberMayConfirmFromTheUssdMenu() {
    collector(COLLECTOR, "4821");
    deposit("u1", COLLECTOR, HEAD, 4460, "4821");
    screen("u2", HEAD, "");
    // Longer than a UCS-2 string holds: in GSM spelling, though the network shows Unicode.
    assertThat(screen("u2", HEAD, "1")).contains("6. Confirmer un dépot en espèces");
    assertThat(screen("u2", HEAD, "1*6")).contains("Le collecteur Bakary Traore a recu 4 460 FCFA de vous le", "1. Oui, je confirme");
    assertThat(screen("u2", HEAD, "1*6*1")).startsWith("END Merci. Le dépôt est compté");
    assertThat(gateway.sql("SELECT status, confirmed_by FROM cash_deposit").get(0)).containsEntry("status", "CONFIRMED")
        .containsEntry("confirmed_by", "member-ussd");
    assertThat(gateway.count("SELECT count(*) FROM receipt WHERE channel = 'cash'")).isEqualTo(1);
    // Nothing left to confirm: the menu no longer offers it.
    screen("u3", HEAD, "");
    assertThat(screen("u3", HEAD, "1")).doesNotContain("Confirmer un dépôt");
    assertThat(lastSmsTo(COLLECTOR)).contains("confirmé par le foyer MOP-000001");
  }

  @Test
  void aCollectorWhoIsAlsoAMemberSwitchesToTheMembersMenu() {
    enrol("+22376000320");
    collector("+22376000320", "3579");
    assertThat(screen("m1", "+22376000320", "")).contains("9 Mon espace membre");
    assertThat(screen("m1", "+22376000320", "9")).contains("Keneya", "1. Français");
    assertThat(screen("m1", "+22376000320", "9*1")).contains("1. Payer ma cotisation", "2. Mes droits");
    assertThat(screen("m1", "+22376000320", "9*1*2")).doesNotContain("collecteur").doesNotContain("Choix invalide");
  }

  @Test
  void aCollectorMayWorkInBambara() {
    collector(COLLECTOR, "4821");
    assertThat(gateway.ussd("b1", COLLECTOR, "").body()).contains("5 Bamanankan");
    // Network 61001 shows GSM only: Bambara in its fallback spelling.
    assertThat(gateway.ussd("b1", COLLECTOR, "5").body()).startsWith("CON Bakary Traore, wariladen MOP\n1 Wari mara kura").contains("5 Francais");
    assertThat(gateway.ussd("b1", COLLECTOR, "5*2").body()).isEqualTo("CON I ka PIN:");
    assertThat(gateway.ussd("b1", COLLECTOR, "5*2*1111").body()).isEqualTo("CON PIN ma nyè (1/3).\nI ka PIN:");
    assertThat(gateway.ussd("b1", COLLECTOR, "5*2*1111*4821").body()).startsWith("END Kèsu: 0 FCFA sinsinnen");
  }

  @Test
  void wrongPinsDelayTheCollectorProgressively_theAdministratorIsTold_andUnlockClearsThem_andThePinCanBeChanged() {
    String id = collector("+22376000201", "5937");
    String phone = "+22376000201";
    screen("p1", phone, "");
    screen("p1", phone, "4");
    assertThat(screen("p1", phone, "4*1111")).contains("PIN incorrect (1/3)");
    assertThat(screen("p1", phone, "4*1111*2222")).contains("PIN incorrect (2/3)");
    assertThat(screen("p1", phone, "4*1111*2222*3333")).startsWith("END Trop de PIN incorrects. Réessayez après ")
        .contains("Section Konna 21 43 00 02");
    assertThat(gateway.sql("SELECT failures, delayed_until - now() BETWEEN interval '55 seconds' AND interval '61 seconds' AS one_minute"
        + " FROM pin_guard").get(0)).containsEntry("failures", 3).containsEntry("one_minute", true);
    // The administrator is told once: an audit record and the anomalies report.
    assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE action = 'pin.delays_started' AND subject = 'collector:" + id + "'"))
        .isEqualTo(1);
    JsonObject report = new JsonObject(gateway.admin("GET", "/api/v1/mutuals/mopti-cercle/reports/collectors", "application/json", null).body());
    assertThat(report.getJsonArray("collectors").getJsonObject(0).getJsonArray("anomalies").encode())
        .contains("3 wrong PINs in a row since", "PIN entries delayed until");
    // While delayed even the right PIN is refused, unchecked.
    screen("p2", phone, "");
    screen("p2", phone, "4");
    assertThat(screen("p2", phone, "4*5937")).as("delayed: even the right PIN").startsWith("END Trop de PIN incorrects");
    assertThat(gateway.count("SELECT failures FROM pin_guard")).as("a refused entry consumes no attempt").isEqualTo(3);

    // The minute passes; another wrong PIN delays for longer (5 minutes), and tells nobody twice.
    gateway.sql("UPDATE pin_guard SET delayed_until = now() - interval '1 second' RETURNING subject");
    screen("p3", phone, "");
    screen("p3", phone, "4");
    assertThat(screen("p3", phone, "4*1112")).startsWith("END Trop de PIN incorrects");
    assertThat(gateway.sql("SELECT delayed_until - now() BETWEEN interval '295 seconds' AND interval '301 seconds' AS five FROM pin_guard")
        .get(0)).containsEntry("five", true);
    assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE action = 'pin.delays_started'")).isEqualTo(1);

    // The administrator clears the failures and the delay at once.
    assertThat(gateway.as(null, "POST", "/api/v1/collectors/" + id + "/unlock", "application/json", "{}").statusCode()).isEqualTo(401);
    assertThat(gateway.admin("POST", "/api/v1/collectors/" + id + "/unlock", "application/json", "{\"unlockedBy\":\"admin-mopti\"}").statusCode())
        .isEqualTo(200);
    assertThat(gateway.count("SELECT count(*) FROM pin_guard")).isZero();
    screen("p4", phone, "");
    screen("p4", phone, "4");
    assertThat(screen("p4", phone, "4*5937")).contains("Nouveau PIN");
    assertThat(screen("p4", phone, "4*5937*1234")).contains("PIN refusé");
    assertThat(screen("p4", phone, "4*5937*1234*60726072")).startsWith("END PIN changé");
    assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE action IN ('collector.unlocked', 'collector.pin_changed')")).isEqualTo(2);
  }

  @Test
  void wrongPinsSentAtOnceGetNoMoreGuessesThanAllowed_andTheRightPinWorksAfterTheDelay_upgradingAnOldHash() throws Exception {
    String id = collector(COLLECTOR, "4821");
    int sessions = 10;
    for (int i = 0; i < sessions; i++) {
      screen("c" + i, COLLECTOR, "");
      assertThat(screen("c" + i, COLLECTOR, "2")).isEqualTo("CON Votre PIN:");
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(sessions);
    List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < sessions; i++) {
      String session = "c" + i;
      answers.add(pool.submit(() -> {
        start.await();
        return screen(session, COLLECTOR, "2*1111");
      }));
    }
    start.countDown();
    List<String> screens = new java.util.ArrayList<>();
    for (var answer : answers) screens.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
    pool.shutdown();
    // Three entries were checked (two said wrong, the third started the delay); the other seven were refused unchecked.
    assertThat(screens.stream().filter(s -> s.contains("PIN incorrect (")).count()).as(screens.toString()).isEqualTo(2);
    assertThat(screens.stream().filter(s -> s.startsWith("END Trop de PIN incorrects")).count()).as(screens.toString()).isEqualTo(8);
    assertThat(gateway.count("SELECT failures FROM pin_guard WHERE subject = 'collector:" + id + "'")).isEqualTo(3);
    assertThat(gateway.count("SELECT count(*) FROM audit_log WHERE action = 'pin.delays_started'")).isEqualTo(1);

    // A hash made before the iterations were raised, as an older gateway stored it.
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    byte[] derived = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new javax.crypto.spec.PBEKeySpec("4821".toCharArray(), salt, 210_000, 256)).getEncoded();
    String old = "pbkdf2-sha256$210000$" + java.util.Base64.getEncoder().encodeToString(salt) + "$"
        + java.util.Base64.getEncoder().encodeToString(derived);
    gateway.sql("UPDATE collector SET pin_hash = '" + old + "' RETURNING id");

    // Once the delay has passed, the right PIN works again, clears the failures, and the hash is made again at today's strength.
    gateway.sql("UPDATE pin_guard SET delayed_until = now() - interval '1 second' RETURNING subject");
    screen("c-after", COLLECTOR, "");
    screen("c-after", COLLECTOR, "2");
    assertThat(screen("c-after", COLLECTOR, "2*4821")).startsWith("END Caisse: ");
    assertThat(gateway.count("SELECT count(*) FROM pin_guard")).isZero();
    GatewayFixture.eventually(10, () -> assertThat(gateway.sql("SELECT pin_hash FROM collector").get(0).get("pin_hash").toString())
        .startsWith("pbkdf2-sha256$600000$"));
    String upgraded = gateway.sql("SELECT pin_hash FROM collector").get(0).get("pin_hash").toString();
    assertThat(org.keneya.flows.collectors.Pins.matches("4821", upgraded)).isTrue();
  }

  private HttpResponse<String> freeflow(String method, String session, String phone, String type, String input) {
    String query = "msisdn=" + enc(phone) + "&sessionid=" + enc(gateway.session(session)) + "&type=" + type + "&input=" + enc(input);
    HttpRequest.Builder request = method.equals("GET") ? HttpRequest.newBuilder(URI.create(gateway.url("/ussd/freeflow?" + query))).GET()
        : HttpRequest.newBuilder(URI.create(gateway.url("/ussd/freeflow"))).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(query));
    return gateway.send(request.build());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void pinScreensAreRefusedOverFreeflowGet_andWorkOverPost() {
    String id = collector(COLLECTOR, "4821");
    // By GET, the menu is fine; the choice that would ask for the PIN ends the session instead.
    assertThat(freeflow("GET", "g1", COLLECTOR, "begin", "*144#").body()).contains("1 Nouveau d");
    HttpResponse<String> refused = freeflow("GET", "g1", COLLECTOR, "continue", "2");
    assertThat(refused.headers().firstValue("Freeflow")).hasValue("FB");
    assertThat(refused.body()).startsWith("Service indisponible par cette voie").doesNotContain("PIN:");
    // A PIN arriving by GET (the session opened by POST) is neither checked nor counted nor shown a position.
    freeflow("POST", "g2", COLLECTOR, "begin", "*144#");
    assertThat(freeflow("POST", "g2", COLLECTOR, "continue", "2").body()).isEqualTo("Votre PIN:");
    HttpResponse<String> pinByGet = freeflow("GET", "g2", COLLECTOR, "continue", "4821");
    assertThat(pinByGet.body()).startsWith("Service indisponible par cette voie").doesNotContain("Caisse");
    assertThat(gateway.count("SELECT count(*) FROM pin_guard")).as("not checked").isZero();
    assertThat(gateway.storedSessions().get("freeflow:" + gateway.session("g2"))).contains("\"menu\":\"collector\"");
    assertThat(gateway.storedSessions().values()).noneMatch(stored -> stored.contains("4821"));
    // By POST the same screens work.
    freeflow("POST", "g3", COLLECTOR, "begin", "*144#");
    freeflow("POST", "g3", COLLECTOR, "continue", "3");
    assertThat(freeflow("POST", "g3", COLLECTOR, "continue", "4821").body()).startsWith("Commission de ");
    assertThat(id).isNotNull();
  }

  @Test
  void aCollectorsSessionCannotChangeNumbers() {
    collector(COLLECTOR, "4821");
    screen("h1", COLLECTOR, "");
    screen("h1", COLLECTOR, "2");
    // Another number continuing the collector's session: refused, nothing acted upon.
    var hijack = gateway.ussd("h1", HEAD, "2*4821", "61002");
    assertThat(hijack.statusCode()).isEqualTo(400);
    assertThat(hijack.body()).contains("opened by another phone number");
    // A stranger's session continued naming the collector's number: refused too, no collector's screen.
    assertThat(gateway.ussd("h2", "+22376999001", "", "61002").statusCode()).isEqualTo(200);
    var posing = gateway.ussd("h2", COLLECTOR, "2", "61002");
    assertThat(posing.statusCode()).isEqualTo(400);
    assertThat(posing.body()).doesNotContain("PIN");
    assertThat(gateway.storedSessions().get("at:" + gateway.session("h2"))).as("the stranger's session").doesNotContain("collector");
    // The collector's own session goes on.
    assertThat(screen("h1", COLLECTOR, "2*4821")).startsWith("END Caisse: ");
  }

  @Test
  void everyNewPinScreenFitsAScreenInEveryLanguageAndSpelling() {
    org.keneya.flows.messages.Messages messages = new org.keneya.flows.messages.Messages(org.keneya.config.MessageCatalogues.loadShipped());
    Map<String, Map<String, ?>> screens = Map.of(
        "collector.askPinView", Map.of(),
        "collector.delayed", Map.of("time", "23:59", "contact", "Section Borondougou 21 43 00 09 / 76 00 00 00"),
        "ussd.pinOverGet", Map.of(),
        "ussd.centre.askPin", Map.of("centre", "Centre de santé communautaire de Borondougou"),
        "ussd.centre.noPin", Map.of(),
        "ussd.centre.wrongPin", Map.of("failures", 2, "attempts", 3),
        "ussd.centre.delayed", Map.of("time", "23:59"));
    for (String language : List.of("fr", "bm")) {
      screens.forEach((key, args) -> {
        String text = messages.text(language, key, args);
        assertThat(text).as(language + " " + key).doesNotContain("{").hasSizeLessThanOrEqualTo(182);
        assertThat(messages.gsm7(language, text)).as(language + " gsm7 " + key).hasSizeLessThanOrEqualTo(182);
      });
    }
  }
}
