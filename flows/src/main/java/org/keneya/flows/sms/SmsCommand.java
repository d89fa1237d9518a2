package org.keneya.flows.sms;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * What a member asks by SMS, in French or Bambara keywords, whatever the case and accents (phones
 * without them write "recu" for "reçu", "deme" for "dɛmɛ").
 */
public sealed interface SmsCommand {
  record Rights() implements SmsCommand {}

  record Receipts() implements SmsCommand {}

  record Balance() implements SmsCommand {}

  record Help() implements SmsCommand {}

  /** No more reminders or notices; receipts and answers still come. */
  record Stop() implements SmsCommand {}

  record Start() implements SmsCommand {}

  /** @param language "fr" or "bm"; null when none (or none we know) was given */
  record Language(String language) implements SmsCommand {}

  record Unknown() implements SmsCommand {}

  /** The member's answer to a collector's cash deposit: OUI (AWO) or NON (AYI), then the deposit's code. */
  record DepositAnswer(String code, boolean confirmed) implements SmsCommand {}

  Set<String> RIGHTS = Set.of("DROITS", "DROIT", "JOSARIYA", "JOSARIYAW");
  Set<String> RECEIPTS = Set.of("RECU", "RECUS", "RASIDI", "RASIDIW");
  Set<String> BALANCE = Set.of("SOLDE", "DU", "JURU");
  Set<String> HELP = Set.of("AIDE", "DEME", "HELP", "?");
  Set<String> STOP = Set.of("STOP", "ARRET", "ARRETER", "BAN");
  Set<String> START = Set.of("START", "REPRISE", "REPRENDRE");
  Set<String> LANGUAGE = Set.of("LANGUE", "KAN");
  Set<String> YES = Set.of("OUI", "AWO", "AWOO");
  Set<String> NO = Set.of("NON", "AYI");

  static SmsCommand parse(String text) {
    String[] words = plain(text).split("\\s+");
    String keyword = words.length == 0 ? "" : words[0];
    if ((YES.contains(keyword) || NO.contains(keyword)) && words.length > 1 && words[1].matches("[0-9]{4}")) {
      return new DepositAnswer(words[1], YES.contains(keyword));
    }
    if (RIGHTS.contains(keyword)) return new Rights();
    if (RECEIPTS.contains(keyword)) return new Receipts();
    if (BALANCE.contains(keyword)) return new Balance();
    if (HELP.contains(keyword)) return new Help();
    if (STOP.contains(keyword)) return new Stop();
    if (START.contains(keyword)) return new Start();
    if (LANGUAGE.contains(keyword)) {
      String wanted = words.length > 1 ? words[1] : "";
      if (wanted.startsWith("FR")) return new Language("fr");
      if (wanted.startsWith("BM") || wanted.startsWith("BAM")) return new Language("bm");
      return new Language(null);
    }
    return new Unknown();
  }

  /** Upper case, without accents, Bambara letters in their plain spelling (ɛ→E, ɔ→O, ɲ→NY, ŋ→NG). */
  static String plain(String text) {
    if (text == null) return "";
    String bambara = text.replace("ɛ", "e").replace("Ɛ", "E").replace("ɔ", "o").replace("Ɔ", "O")
        .replace("ɲ", "ny").replace("Ɲ", "NY").replace("ŋ", "ng").replace("Ŋ", "NG");
    return Normalizer.normalize(bambara, Normalizer.Form.NFD).replaceAll("\\p{M}", "").strip().toUpperCase(Locale.ROOT)
        .replaceAll("[.!,;:]+$", "");
  }
}
