package org.paceline.ra.builtin.internal.process;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.paceline.api.ra.OcfResultCode;

/**
 * Finds the program of a command the way {@code execvp} (which {@code setsid} uses) will: a name
 * with a {@code /} is a path, relative to the working directory; a bare name is looked up in {@code
 * PATH}.
 */
final class Executables {

  private Executables() {}

  /**
   * The program {@code name} names.
   *
   * @throws OperationFailed {@code OCF_ERR_INSTALLED} naming the program when it is missing, a
   *     directory or not executable
   */
  static Path resolve(String name, Path workdir, String path) throws OperationFailed {
    if (name.indexOf('/') >= 0) {
      Path p;
      try {
        p = workdir.resolve(name);
      } catch (InvalidPathException e) {
        throw new OperationFailed(
            OcfResultCode.ERR_INSTALLED, "command '" + name + "' is not a path: " + e.getReason());
      }
      if (!Files.exists(p)) {
        throw notInstalled(name, p, "does not exist");
      }
      if (Files.isDirectory(p)) {
        throw notInstalled(name, p, "is a directory");
      }
      if (!Files.isExecutable(p)) {
        throw notInstalled(name, p, "is not executable");
      }
      return p;
    }
    String search = path == null ? ProcessSettings.DEFAULT_PATH : path;
    for (String dir : search.split(":", -1)) {
      Path candidate;
      try {
        candidate = workdir.resolve(dir.isEmpty() ? "." : dir).resolve(name);
      } catch (InvalidPathException e) {
        continue;
      }
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new OperationFailed(
        OcfResultCode.ERR_INSTALLED,
        "command '" + name + "' not found in PATH (" + search + ") on this node");
  }

  private static OperationFailed notInstalled(String name, Path p, String what) {
    String where = p.toString().equals(name) ? "" : " (" + p + ")";
    return new OperationFailed(
        OcfResultCode.ERR_INSTALLED,
        "command '" + name + "'" + where + " " + what + " on this node");
  }
}
