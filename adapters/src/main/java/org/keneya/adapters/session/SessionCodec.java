package org.keneya.adapters.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keneya.flows.ussd.UssdSession;

/** USSD sessions as JSON text, the form they take in Redis. */
final class SessionCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionCodec() {}

  static String write(UssdSession session) {
    try {
      return JSON.writeValueAsString(session);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static UssdSession read(String text) {
    try {
      return JSON.readValue(text, UssdSession.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable USSD session", e);
    }
  }
}
