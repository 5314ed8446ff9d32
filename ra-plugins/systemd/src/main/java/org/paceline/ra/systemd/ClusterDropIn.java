package org.paceline.ra.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The runtime drop-in Paceline puts next to a unit while the cluster runs it, as Pacemaker does: in
 * {@code /run/systemd/system/<unit>.d/50-paceline.conf} (gone after a reboot), ordering the unit
 * {@code Before=paceline.service} so that at shutdown systemd stops the node first and the node
 * stops the unit, and setting {@code Restart=no} on services so that systemd does not restart a
 * failed service behind the cluster's back (the cluster counts the failure and recovers it).
 */
public final class ClusterDropIn {

  /** The drop-in's file name. */
  public static final String FILE_NAME = "50-paceline.conf";

  /** The unit the node runs as, which cluster-managed units are ordered before. */
  public static final String NODE_UNIT = "paceline.service";

  private final Path runDir;

  public ClusterDropIn(Path runDir) {
    this.runDir = runDir;
  }

  /** Where the drop-in of {@code unit} goes. */
  public Path path(UnitName unit) {
    return runDir.resolve(unit.unit() + ".d").resolve(FILE_NAME);
  }

  /** The drop-in's text for {@code unit}. */
  public static String content(UnitName unit) {
    String text =
        "# Written by Paceline while the cluster manages this unit; removed when it stops it.\n"
            + "[Unit]\n"
            + "Before="
            + NODE_UNIT
            + "\n";
    return unit.isService() ? text + "\n[Service]\nRestart=no\n" : text;
  }

  /**
   * Writes the drop-in (atomically) unless it is already there.
   *
   * @return whether the file changed, so systemd must reload its configuration
   */
  public boolean install(UnitName unit) throws IOException {
    Path file = path(unit);
    String content = content(unit);
    if (Files.isRegularFile(file)
        && content.equals(Files.readString(file, StandardCharsets.UTF_8))) {
      return false;
    }
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /**
   * Removes the drop-in (and its directory, when empty).
   *
   * @return whether there was one, so systemd must reload its configuration
   */
  public boolean remove(UnitName unit) throws IOException {
    Path file = path(unit);
    boolean removed = Files.deleteIfExists(file);
    try {
      Files.deleteIfExists(file.getParent());
    } catch (IOException e) {
      // the directory holds other drop-ins: leave it
    }
    return removed;
  }
}
