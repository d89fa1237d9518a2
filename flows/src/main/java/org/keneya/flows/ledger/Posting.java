package org.keneya.flows.ledger;

/** One leg of a journal entry: a positive amount debits the account, a negative one credits it. */
public record Posting(String account, long amount) {}
