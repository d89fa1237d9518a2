package org.keneya.flows.collectors;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One collector's figures for the anomalies report: wrong PINs in a row and the delays they
 * started, confirmed cash held ({@code position}, since {@code heldSince}) and cash awaiting members
 * ({@code pending}); over the last 30 days the disputes, auto-confirmations, deposits entered late
 * and remittances differing from the position ({@code shortfalls}, {@code shortfallTotal} in all);
 * the confirmed cash collected this month.
 */
public record CollectorFigures(UUID id, String name, String sectionId, int wrongPins, OffsetDateTime pinDelaysStarted,
    OffsetDateTime pinDelayedUntil, long position, OffsetDateTime heldSince, long pending,
    int disputes, int autoConfirmed, int enteredLate, long collectedThisMonth, int shortfalls, long shortfallTotal) {}
