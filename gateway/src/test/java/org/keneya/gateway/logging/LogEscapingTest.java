package org.keneya.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A value that a caller controls (a USSD input, an SMS text, a header) cannot forge a log line:
 * the shipped logging configurations escape line breaks in messages, and the gateway's also in
 * exceptions and quotes, so that each event stays one key=value line.
 */
class LogEscapingTest {
  private static final String FORGED = "hello\r\nFAKE LINE time=2024-01-01T00:00:00.000Z level=ERROR msg=\"forged\"";

  /** The configuration in {@code file} (relative to the gateway module), writing to a buffer instead of the console. */
  private static Logger configured(Path file, ByteArrayOutputStream buffer) throws Exception {
    assertThat(file).exists();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(Files.newInputStream(file));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.INFO);
    Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders();
    OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>) appenders.next();
    assertThat(appenders.hasNext()).isFalse();
    appender.setOutputStream(buffer);
    return context.getLogger("org.keneya.gateway.UssdRoutes");
  }

  private static String[] lines(ByteArrayOutputStream buffer) {
    return buffer.toString(StandardCharsets.UTF_8).split("\r?\n|\r", -1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/main/resources/logback.xml", "src/test/resources/logback-test.xml",
      "../adapters/src/test/resources/logback-test.xml", "../loadtest/src/main/resources/logback.xml"})
  void aValueWithLineBreaksStaysOnItsLine(String file) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Logger log = configured(Path.of(file), buffer);
    log.warn("hop from {} refused: {}", "+22376123456", FORGED);
    String[] lines = lines(buffer);
    assertThat(lines).as(buffer.toString(StandardCharsets.UTF_8)).hasSize(2);
    assertThat(lines[1]).isEmpty();
    assertThat(lines[0]).contains("hop from +22376123456 refused: hello\\r\\nFAKE LINE");
  }

  @Test
  void theGatewaysLineKeepsItsFieldsAndItsExceptionOnOneLine() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Logger log = configured(Path.of("src/main/resources/logback.xml"), buffer);
    log.info("plain {}", "C:\\path");
    log.warn("refused: {}", FORGED, new IllegalStateException("bad input " + FORGED));
    String[] lines = lines(buffer);
    assertThat(lines).as(buffer.toString(StandardCharsets.UTF_8)).hasSize(3);
    assertThat(lines[0]).endsWith(" msg=\"plain C:\\\\path\"");
    assertThat(lines[1]).contains(" level=WARN ", " msg=\"refused: hello\\r\\nFAKE LINE time=2024-01-01T00:00:00.000Z level=ERROR msg=\\\"forged\\\"\"")
        .contains(" ex=\"java.lang.IllegalStateException: bad input hello\\r\\nFAKE LINE", "\\n\tat org.keneya.gateway.logging.LogEscapingTest")
        .endsWith("\"");
    // Only the gateway's own fields are unquoted: the forged ones sit inside the quoted, escaped values.
    assertThat(lines[1].replaceAll("\"(?:[^\"\\\\]++|\\\\.)*+\"", "\"…\"")).matches(
        "time=\\S+ level=WARN logger=UssdRoutes thread=\\S+ msg=\"…\" ex=\"…\"");
  }
}
