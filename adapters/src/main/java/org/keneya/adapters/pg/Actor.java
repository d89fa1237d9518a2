package org.keneya.adapters.pg;

import java.util.UUID;

/**
 * Who did something written to the audit log: an authenticated account ({@code accountId} and its
 * name), or the gateway itself on someone's behalf (a collector, a member, no account).
 */
public record Actor(UUID accountId, String name) {

  public static Actor system(String name) {
    return new Actor(null, name);
  }
}
