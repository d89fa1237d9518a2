package org.keneya.flows.payments;

/** What confirming a payment did. */
public sealed interface Confirmation {
  /** A receipt was created now, with its journal entry and SMS. */
  record Booked(String receiptNumber, long amount) implements Confirmation {}

  /** The payment had already been booked: nothing more was done. */
  record AlreadyBooked(String receiptNumber) implements Confirmation {}

  /** The confirmation did not match what was asked (amount, currency): held for review, nothing booked. */
  record HeldForReview(String reason) implements Confirmation {}

  /** No payment with that reference. */
  record UnknownPayment() implements Confirmation {}
}
