package org.paceline.ra.lsb;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code ### BEGIN INIT INFO} comment block of an init script: keywords such as {@code
 * Provides}, {@code Short-Description} and {@code Description} (continued on lines starting with
 * {@code #} and a tab or two spaces).
 *
 * @param fields keyword to value, in file order; empty if the script has no block
 */
public record LsbHeader(Map<String, String> fields) {

  /** At most this many lines are read looking for the block. */
  static final int MAX_LINES = 400;

  public LsbHeader {
    fields = Map.copyOf(fields);
  }

  /** The value of {@code keyword}, or an empty string. */
  public String get(String keyword) {
    return fields.getOrDefault(keyword, "");
  }

  /** Reads the block of {@code script}; a missing or unreadable block gives an empty header. */
  public static LsbHeader read(Path script) {
    Map<String, String> fields = new LinkedHashMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new java.io.InputStreamReader(
                Files.newInputStream(script),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      boolean inside = false;
      String last = null;
      String line;
      for (int n = 0; n < MAX_LINES && (line = in.readLine()) != null; n++) {
        String t = line.strip();
        if (!inside) {
          inside = t.equals("### BEGIN INIT INFO");
          continue;
        }
        if (t.equals("### END INIT INFO")) {
          break;
        }
        if (!line.startsWith("#")) {
          continue;
        }
        String body = line.substring(1);
        int colon = body.indexOf(':');
        boolean continuation = body.startsWith("\t") || body.startsWith("  ");
        if (continuation && last != null) {
          fields.put(last, (fields.get(last) + " " + body.strip()).strip());
        } else if (colon > 0 && body.startsWith(" ")) {
          last = body.substring(1, colon).strip();
          fields.put(last, body.substring(colon + 1).strip());
        }
      }
    } catch (IOException e) {
      return new LsbHeader(Map.of());
    }
    return new LsbHeader(fields);
  }
}
