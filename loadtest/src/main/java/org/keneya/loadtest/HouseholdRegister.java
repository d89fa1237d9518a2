package org.keneya.loadtest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The households the callers dial for: each is enrolled once, pays at most once, and is never in
 * two sessions at the same time (a payment and a rights check on the same household would race on
 * the pending-payment screen). Touched only from the load generator's event loop.
 */
final class HouseholdRegister {
  static final String MUTUAL = "mopti-cercle";
  static final String PRODUCT = "mopti-annual";
  static final int PERSONS = 3;
  /** 3 persons x 1,730 FCFA (20 % of 8,650) + the 1,000 FCFA adhesion fee of a first payment. */
  static final long FIRST_PAYMENT = 6_190;
  private static final String[] SECTIONS = {"mopti", "konna", "socoura", "dialloube", "fatoma", "sio"};
  private static final String[] FAMILY_NAMES = {"Traore", "Diallo", "Coulibaly", "Keita", "Kone", "Sangare", "Toure", "Maiga"};
  private static final String[] GIVEN_NAMES = {"Amadou", "Fatoumata", "Oumar", "Awa", "Seydou", "Kadiatou", "Moussa", "Aminata"};

  private final List<String> phoneNumbers;
  private final boolean[] busy;
  private final Deque<Integer> unpaid;

  /**
   * @param firstNumber the first head's number as its 8 national digits after +223 (7xxxxxxx); the
   *     others follow it
   */
  HouseholdRegister(int count, long firstNumber, long shuffleSeed) {
    if (firstNumber < 70_000_000L || firstNumber + count > 80_000_000L) {
      throw new IllegalArgumentException("numbers must stay within +2237xxxxxxx: cannot enrol " + count + " from " + firstNumber);
    }
    List<String> numbers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) numbers.add("+223" + (firstNumber + i));
    this.phoneNumbers = List.copyOf(numbers);
    this.busy = new boolean[count];
    List<Integer> order = new ArrayList<>(count);
    for (int i = 0; i < count; i++) order.add(i);
    // Shuffled so that payments do not all land on the households enrolled first (same section, nearby rows).
    Collections.shuffle(order, new Random(shuffleSeed));
    this.unpaid = new ArrayDeque<>(order);
  }

  int size() {
    return phoneNumbers.size();
  }

  String phoneNumber(int household) {
    return phoneNumbers.get(household);
  }

  String firstNumber() {
    return phoneNumbers.get(0);
  }

  String lastNumber() {
    return phoneNumbers.get(phoneNumbers.size() - 1);
  }

  /**
   * A household that has not paid yet, now reserved for the caller; -1 when every household has had
   * its payment session (or the few left are in a rights check right now).
   */
  int takeUnpaid() {
    for (int tries = unpaid.size(); tries > 0; tries--) {
      int household = unpaid.pollFirst();
      if (!busy[household]) {
        busy[household] = true;
        return household;
      }
      // In a rights check right now: its turn comes again later.
      unpaid.addLast(household);
    }
    return -1;
  }

  boolean unpaidLeft() {
    return !unpaid.isEmpty();
  }

  /** Any household not in a session, now reserved for the caller; -1 if none could be found. */
  int takeIdle(Random random) {
    for (int attempt = 0; attempt < 64; attempt++) {
      int household = random.nextInt(busy.length);
      if (!busy[household]) {
        busy[household] = true;
        return household;
      }
    }
    return -1;
  }

  void release(int household) {
    busy[household] = false;
  }

  /**
   * The register as the admin API's CSV import reads it, one row per person, for households
   * {@code from} (inclusive) to {@code to} (exclusive).
   */
  String csv(int from, int to) {
    StringBuilder csv = new StringBuilder("household,mutual,section,product,guarantee_level,role,name,birth_year,msisdn,language\n");
    for (int i = from; i < to; i++) {
      String key = "LT-" + i;
      String section = SECTIONS[i % SECTIONS.length];
      String family = FAMILY_NAMES[i % FAMILY_NAMES.length];
      String common = key + "," + MUTUAL + "," + section + "," + PRODUCT + ",,";
      csv.append(common).append("head,").append(GIVEN_NAMES[i % GIVEN_NAMES.length]).append(' ').append(family)
          .append(',').append(1960 + i % 30).append(',').append(phoneNumbers.get(i)).append(",fr\n");
      for (int member = 1; member < PERSONS; member++) {
        csv.append(common).append("member,").append(GIVEN_NAMES[(i + member) % GIVEN_NAMES.length]).append(' ').append(family)
            .append(',').append(1995 + (i + member) % 25).append(",,\n");
      }
    }
    return csv.toString();
  }
}
