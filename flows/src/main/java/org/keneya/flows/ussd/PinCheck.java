package org.keneya.flows.ussd;

import java.time.OffsetDateTime;

/** What became of a PIN typed on a USSD screen (a collector's, a health centre's), as the shell checked it. */
public sealed interface PinCheck {
  record Passed() implements PinCheck {}

  /** Wrong, {@code failures} in a row; another try is allowed at once, and {@code attempts} are allowed before the delays. */
  record Wrong(int failures, int attempts) implements PinCheck {}

  /** Wrong, or refused unchecked: no entry is checked before {@code until}. */
  record Delayed(OffsetDateTime until) implements PinCheck {}
}
