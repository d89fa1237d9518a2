package org.keneya.flows.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the audit log keeps of one act: {@code action} (e.g. {@code receipt.reversed}), its {@code
 * subject} (e.g. {@code receipt:MOP-R0000001}) and the details, as JSON values (text, numbers,
 * lists and maps of them). Who acted is the store's to add.
 */
public record AuditRecord(String action, String subject, Map<String, Object> detail) {
  public AuditRecord {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    // Insertion order kept, and nulls allowed (a detail may be unknown): Map.copyOf would refuse them.
    detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
  }
}
