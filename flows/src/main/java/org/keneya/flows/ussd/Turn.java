package org.keneya.flows.ussd;

/**
 * What a menu that needs the shell's I/O within a hop (the collector's, the health centre's) makes
 * of one input: a screen to show, or work {@code W} the shell must do first (check a PIN, read or
 * record something) whose outcome it feeds back, with the state, as the menu's next input. A hop
 * ends on a screen; the states the menu passes through meanwhile are never stored.
 */
public sealed interface Turn<S extends UssdState, W> {
  /**
   * The screen, whether the session ends, and the state to keep.
   *
   * @param pinRefusedOverGet the hop would have read or asked for a PIN over a query string, and was
   *     ended instead: the shell tells the administrators
   */
  record Show<S extends UssdState, W>(String screen, boolean end, S state, boolean pinRefusedOverGet) implements Turn<S, W> {
    public Show(String screen, boolean end, S state) {
      this(screen, end, state, false);
    }
  }

  /** The shell does {@code work}, then resumes the menu from {@code state} with its outcome. */
  record Await<S extends UssdState, W>(W work, S state) implements Turn<S, W> {}

  /** The caller chose the members' menu: it answers this hop and the rest of the session. */
  record ToMemberMenu<S extends UssdState, W>() implements Turn<S, W> {}
}
