package org.keneya.gateway.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CSV that spreadsheets write: quoted fields with commas, doubled quotes and line breaks,
 * CRLF, a UTF-8 byte-order mark, and ';' as separator (French spreadsheets) when the header uses it.
 */
final class Csv {
  private Csv() {}

  static List<List<String>> parse(String text) {
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    int firstLineEnd = text.indexOf('\n');
    String header = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
    char separator = header.indexOf(';') >= 0 && header.indexOf(',') < 0 ? ';' : ',';
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == separator) {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
