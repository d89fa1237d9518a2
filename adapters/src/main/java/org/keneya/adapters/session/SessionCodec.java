package org.keneya.adapters.session;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import java.time.Instant;
import org.keneya.flows.ussd.MenuState;
import org.keneya.flows.ussd.UssdSession;
import org.keneya.flows.ussd.UssdState;
import org.keneya.flows.ussd.centre.CentreState;
import org.keneya.flows.ussd.collector.CollectorState;

/**
 * USSD sessions as JSON text, the form they take in Redis. The state names its menu ({@code menu});
 * a state without one was written before the collectors' and centres' menus shared the store, and
 * is a member's.
 */
final class SessionCodec {
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "menu", defaultImpl = MenuState.class)
  @JsonSubTypes({
      @JsonSubTypes.Type(value = MenuState.class, name = "member"),
      @JsonSubTypes.Type(value = CollectorState.class, name = "collector"),
      @JsonSubTypes.Type(value = CentreState.class, name = "centre")})
  private interface Menus {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .addMixIn(UssdState.class, Menus.class)
      .registerModule(new SimpleModule("instants")
          .addSerializer(Instant.class, ToStringSerializer.instance)
          .addDeserializer(Instant.class, new FromStringDeserializer<>(Instant.class) {
            @Override
            protected Instant _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext context) {
              return Instant.parse(value);
            }
          }));

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
