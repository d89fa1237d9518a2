package org.keneya.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte for byte, as an attacker would: HTTP clients normalise or refuse the paths
 * (dot segments, escapes) that these tests must send as they are.
 */
public final class RawHttp {
  private RawHttp() {}

  /** The status code of {@code method rawPath} sent to {@code port} with {@code headers} (CRLF-separated lines) and {@code body}. */
  public static int status(int port, String method, String rawPath, String headers, String body) {
    return Integer.parseInt(exchange(port, method, rawPath, headers, body).split(" ", 3)[1]);
  }

  /** The whole answer (status line, headers, body) of one request. */
  public static String exchange(int port, String method, String rawPath, String headers, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
        + (headers == null || headers.isEmpty() ? "" : headers.strip() + "\r\n")
        + "Content-Length: " + content.length + "\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
