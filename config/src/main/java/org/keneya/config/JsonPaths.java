package org.keneya.config;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Where in a document Jackson stopped: {@code members[1].birthYear}, the form error messages name keys in. */
public final class JsonPaths {
  private JsonPaths() {}

  /** The dotted path of the failing value, or {@code fallback} at the top level. */
  public static String of(JsonMappingException e, String fallback) {
    StringBuilder key = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (key.length() > 0) key.append('.');
        key.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        key.append('[').append(ref.getIndex()).append(']');
      }
    }
    return key.length() == 0 ? fallback : key.toString();
  }
}
