package org.keneya.flows.ussd;

import java.util.List;

/** The answer to one hop: the screen, whether the session goes on, its new state and the effects to run. */
public record UssdReply(String screen, boolean end, MenuState state, List<Effect> effects) {
  /** The most characters one USSD screen may hold. */
  public static final int MAX_SCREEN = 182;

  static UssdReply next(String screen, MenuState state) {
    return new UssdReply(screen, false, state, List.of());
  }

  static UssdReply close(String screen, MenuState state, Effect... effects) {
    return new UssdReply(screen, true, state, List.of(effects));
  }
}
