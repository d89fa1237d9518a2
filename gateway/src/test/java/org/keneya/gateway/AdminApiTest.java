package org.keneya.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keneya.gateway.support.GatewayFixture;

class AdminApiTest {
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = new GatewayFixture();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private HttpResponse<String> createHousehold(String json) {
    return gateway.admin("POST", "/api/v1/households", "application/json", json);
  }

  @Test
  void everyRouteRefusesAMissingOrWrongToken() {
    for (String path : List.of("/api/v1/mutuals", "/api/v1/households/00000000-0000-0000-0000-000000000000")) {
      assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).build()).statusCode()).isEqualTo(401);
      assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).header("Authorization", "Bearer wrong").build())
          .statusCode()).isEqualTo(401);
    }
    HttpResponse<String> post = gateway.send(HttpRequest.newBuilder(URI.create(gateway.url("/api/v1/households")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(post.statusCode()).isEqualTo(401);
  }

  @Test
  void mutualsListTheConfiguredMutualsSectionsAndProducts() {
    HttpResponse<String> response = gateway.admin("GET", "/api/v1/mutuals", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray mutuals = new JsonObject(response.body()).getJsonArray("mutuals");
    assertThat(mutuals).hasSize(3);
    JsonObject mopti = mutuals.getJsonObject(0);
    assertThat(mopti.getString("id")).isEqualTo("mopti-cercle");
    assertThat(mopti.getJsonArray("sections")).hasSize(15);
    JsonObject product = mopti.getJsonArray("products").getJsonObject(0);
    assertThat(product.getString("id")).isEqualTo("mopti-annual");
    assertThat(product.getJsonObject("contribution").getString("type")).isEqualTo("perPerson");
    assertThat(product.getJsonObject("contribution").getLong("amount")).isEqualTo(8650);
    assertThat(product.getJsonObject("cofinancing").getInteger("memberPercent")).isEqualTo(20);
  }

  @Test
  void invalidHouseholdGetsEveryFieldError() {
    HttpResponse<String> response = createHousehold("""
        {"mutual":"mopti-cercle","section":"nowhere","product":"mopti-annual","headName":"","headMsisdn":"12",
         "members":[{"name":"Awa","birthYear":1700},{"name":""}]}""");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonArray errors = new JsonObject(response.body()).getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field")).toList())
        .contains("section", "headName", "headMsisdn", "members[0].birthYear", "members[1].name");
    assertThat(gateway.count("SELECT count(*) FROM member WHERE name = 'Awa'")).isZero();
  }

  @Test
  void malformedBodiesGet400WithTheField() {
    assertThat(createHousehold("{not json").statusCode()).isEqualTo(400);
    assertThat(createHousehold("[]").statusCode()).isEqualTo(400);
    HttpResponse<String> wrongType = createHousehold("""
        {"mutual":"mopti-cercle","section":"konna","product":"mopti-annual","headName":"A","headMsisdn":"+22376000001",
         "members":[{"name":"B","birthYear":"nineteen"}]}""");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(wrongType.body()).contains("members[0].birthYear").doesNotContain("Exception");
    assertThat(createHousehold("{\"mutual\":\"x\",\"colour\":\"red\"}").body()).contains("colour", "unknown field");
    assertThat(gateway.admin("GET", "/api/v1/households/not-a-uuid", null, null).statusCode()).isEqualTo(404);
    assertThat(gateway.admin("GET", "/api/v1/households/00000000-0000-0000-0000-000000000000", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void householdIsCreatedNumberedAndDescribedWithItsAmountDue() {
    HttpResponse<String> response = createHousehold("""
        {"mutual":"utm-bamako","section":"commune-4","product":"urban-voluntary","guaranteeLevel":"combined",
         "headName":"Mariam Coulibaly","headMsisdn":"76 55 44 33","members":[{"name":"Ibrahim Coulibaly","birthYear":2016}]}""");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonObject created = new JsonObject(response.body());
    assertThat(created.getString("memberNumber")).matches("AMV-\\d{6}");
    JsonObject household = new JsonObject(gateway.admin("GET", "/api/v1/households/" + created.getString("id"), null, null).body());
    assertThat(household.getString("headMsisdn")).isEqualTo("+22376554433");
    assertThat(household.getJsonArray("members")).hasSize(2);
    assertThat(household.getJsonObject("rights").getString("status")).isEqualTo("NOT_PAID");
    // 2 persons x 440 FCFA + adhesion 1,000 FCFA
    assertThat(household.getLong("amountDue")).isEqualTo(1880);
    // The same head's number cannot enrol twice in the mutual.
    HttpResponse<String> again = createHousehold("""
        {"mutual":"utm-bamako","section":"commune-1","product":"urban-voluntary","guaranteeLevel":"ambulatory",
         "headName":"Mariam C.","headMsisdn":"+22376554433"}""");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("headMsisdn").doesNotContain("76554433");
  }

  @Test
  void csvImportCreatesTheGoodHouseholdsAndReportsEachBadRow() {
    String csv = """
        household;mutual;section;product;guarantee_level;role;name;birth_year;msisdn;language
        F-001;mopti-cercle;konna;mopti-annual;;head;Boubacar Diallo;1970;+22365000001;bm
        F-001;mopti-cercle;konna;mopti-annual;;member;"Diallo, Aminata";1975;;
        F-001;mopti-cercle;konna;mopti-annual;;member;Hamidou Diallo;2010;;
        F-002;mopti-cercle;konna;mopti-annual;;head;Sekou Kone;1968;not-a-number;fr
        F-002;mopti-cercle;konna;mopti-annual;;member;Oumou Kone;1972;;
        F-003;mopti-cercle;konna;mopti-annual;;member;Nobody Head;1990;;
        F-004;nongon-cotton;nongon;cotton-harvest;;head;Modibo Sanogo;abc;+22366000004;
        ;mopti-cercle;konna;mopti-annual;;head;No Key;1980;+22365000005;
        F-005;nongon-cotton;nongon;cotton-harvest;;head;Adama Sanogo;1981;+22366000005;fr
        """;
    HttpResponse<String> response = gateway.admin("POST", "/api/v1/households/import", "text/csv", csv);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject report = new JsonObject(response.body());
    assertThat(report.getLong("created")).isEqualTo(4);
    assertThat(report.getLong("rejected")).isEqualTo(5);
    JsonArray rows = report.getJsonArray("rows");
    assertThat(rows).hasSize(9);
    JsonObject row2 = rows.getJsonObject(0);
    assertThat(row2.getInteger("row")).isEqualTo(2);
    assertThat(row2.getString("status")).isEqualTo("created");
    assertThat(rows.getJsonObject(1).getString("memberNumber")).endsWith("-02");
    assertThat(rows.getJsonObject(3).getJsonArray("errors").encode()).contains("msisdn");
    assertThat(rows.getJsonObject(4).getJsonArray("errors").encode()).contains("not created because of row(s) [5]");
    assertThat(rows.getJsonObject(5).getJsonArray("errors").encode()).contains("exactly one row with role 'head'");
    assertThat(rows.getJsonObject(6).getJsonArray("errors").encode()).contains("birth_year");
    assertThat(rows.getJsonObject(7).getJsonArray("errors").encode()).contains("household: required");
    assertThat(rows.getJsonObject(8).getString("status")).isEqualTo("created");
    assertThat(gateway.count("SELECT count(*) FROM household")).isGreaterThanOrEqualTo(2);
    assertThat(gateway.count("SELECT count(*) FROM member m JOIN household h ON h.id = m.household_id WHERE h.head_msisdn = '+22365000001'"))
        .isEqualTo(3);
    assertThat(gateway.sql("SELECT name FROM member WHERE name LIKE 'Diallo,%'").get(0)).containsEntry("name", "Diallo, Aminata");
    assertThat(gateway.admin("POST", "/api/v1/households/import", "text/csv", "").statusCode()).isEqualTo(400);
    assertThat(gateway.admin("POST", "/api/v1/households/import", "text/csv", "name,age\nA,3\n").body()).contains("missing columns");
  }
}
