package org.paceline.ra.lsb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the {@code rc2.d}..{@code rc5.d} links ({@code S<nn><name>}) that start an init script at
 * boot. A service the init system starts at boot and the cluster also manages would be started
 * twice, on every node, outside the cluster's control.
 */
final class BootLinks {

  private BootLinks() {}

  /** The boot start links under {@code rcRoot} that point at {@code script}. */
  static List<Path> startLinks(Path rcRoot, String name, Path script) {
    Pattern start = Pattern.compile("S\\d\\d" + Pattern.quote(name));
    List<Path> found = new ArrayList<>();
    for (String runlevel : LsbSettings.bootRunlevels()) {
      Path dir = rcRoot.resolve(runlevel);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> links = Files.newDirectoryStream(dir)) {
        for (Path link : links) {
          if (start.matcher(link.getFileName().toString()).matches() && pointsAt(link, script)) {
            found.add(link);
          }
        }
      } catch (IOException e) {
        // an unreadable rc directory holds nothing we can report
      }
    }
    found.sort(null);
    return found;
  }

  private static boolean pointsAt(Path link, Path script) {
    try {
      return Files.exists(link) && Files.isSameFile(link, script);
    } catch (IOException e) {
      return false;
    }
  }
}
