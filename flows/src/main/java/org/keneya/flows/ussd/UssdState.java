package org.keneya.flows.ussd;

/**
 * Where a caller is in one of the menus (a member's {@link MenuState}, a collector's, a health
 * centre's), kept between hops in the {@link org.keneya.flows.ports.SessionStore}. It holds plain
 * values only, and never what was typed on a PIN screen: at most that a PIN was verified.
 */
public interface UssdState {
  String language();
}
