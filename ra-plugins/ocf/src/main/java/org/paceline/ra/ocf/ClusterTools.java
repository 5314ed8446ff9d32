package org.paceline.ra.ocf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paceline's stand-ins for the Pacemaker command-line tools that OCF agents call, so that agents
 * written for Pacemaker work unchanged: {@code crm_attribute} (node attributes and, with {@code
 * --promotion}, the promotion score {@code master-<resource>} of a promotable agent), {@code
 * crm_master} (its legacy form), {@code attrd_updater} (transient attributes) and {@code crm_node
 * -n} (the local node's name). They are POSIX shell scripts shipped in this bundle; they call the
 * node's admin API ({@code /api/v1/nodes/{node}/attributes}) with curl.
 *
 * <p>{@link #install} copies them into a folder of the node's (once, and again whenever a copy is
 * missing or differs); {@link #environment} gives agents {@code HA_SBIN_DIR} (where ocf-shellfuncs
 * and agents look for these tools), that folder first in {@code PATH} (agents also call {@code
 * crm_node} by name), the node's name and where the admin API's address and credential are ({@value
 * #ADMIN_URL_FILE}, {@value #ADMIN_CREDENTIAL_FILE}). Without {@link AdminAccess} the tools are
 * still installed, so that no agent reaches a real Pacemaker's tools by accident, and fail with a
 * message saying the admin API is unknown.
 */
public final class ClusterTools {

  /** The tools, by the names agents call them. */
  public static final List<String> TOOLS =
      List.of("crm_attribute", "crm_master", "attrd_updater", "crm_node");

  /** The functions the tools share (sourced, not run). */
  static final String LIBRARY = "paceline-tools.sh";

  /** Variable: the local node's name. */
  public static final String NODE_NAME = "PACELINE_NODE_NAME";

  /** Variable: the file holding the admin API's base URL ({@code <state>/run/admin.url}). */
  public static final String ADMIN_URL_FILE = "PACELINE_ADMIN_URL_FILE";

  /** Variable: the file holding the admin API's {@code user:password}. */
  public static final String ADMIN_CREDENTIAL_FILE = "PACELINE_ADMIN_CREDENTIAL_FILE";

  private static final String RESOURCES = "tools/";

  /**
   * How the tools reach the node's admin API.
   *
   * @param urlFile the file where the running node writes the API's base URL
   * @param credentialFile the file holding {@code user:password}
   */
  public record AdminAccess(Path urlFile, Path credentialFile) {
    public AdminAccess {
      Objects.requireNonNull(urlFile, "urlFile");
      Objects.requireNonNull(credentialFile, "credentialFile");
    }
  }

  private final AdminAccess access;
  private final Map<String, byte[]> files;
  private final Set<Path> installed = ConcurrentHashMap.newKeySet();

  /**
   * Tools that reach the admin API through {@code access} ({@code null}: not known, the tools fail
   * with a message saying so).
   *
   * @throws IllegalStateException if a script is missing from this bundle (a packaging error)
   */
  public ClusterTools(AdminAccess access) {
    this.access = access;
    Map<String, byte[]> loaded = new LinkedHashMap<>();
    for (String name : names()) {
      try (InputStream in = ClusterTools.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException(
              "the OCF bundle lacks its script " + RESOURCES + name + " (a packaging error)");
        }
        loaded.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the OCF bundle's script " + name, e);
      }
    }
    this.files = Map.copyOf(loaded);
  }

  private static List<String> names() {
    List<String> all = new java.util.ArrayList<>(TOOLS);
    all.add(LIBRARY);
    return all;
  }

  /** The admin API access the tools are given, or {@code null}. */
  public AdminAccess access() {
    return access;
  }

  /**
   * Makes sure the tools are in {@code dir}, executable and as this bundle ships them; cheap once
   * they are. Returns {@code dir}.
   *
   * @throws IOException if the folder or a tool cannot be written
   */
  public Path install(Path dir) throws IOException {
    if (installed.contains(dir) && Files.isExecutable(dir.resolve(TOOLS.get(0)))) {
      return dir;
    }
    synchronized (this) {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        write(dir, f.getKey(), f.getValue(), !f.getKey().equals(LIBRARY));
      }
      installed.add(dir);
    }
    return dir;
  }

  private static void write(Path dir, String name, byte[] content, boolean executable)
      throws IOException {
    Path target = dir.resolve(name);
    String mode = executable ? "rwxr-xr-x" : "rw-r--r--";
    if (Files.isRegularFile(target)
        && Arrays.equals(Files.readAllBytes(target), content)
        && PosixFilePermissions.toString(Files.getPosixFilePermissions(target)).equals(mode)) {
      return;
    }
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
    try {
      Files.write(tmp, content);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The variables an agent needs to find and run the tools installed in {@code dir}, on the node
   * {@code nodeName}: {@code HA_SBIN_DIR}, the node's name and the admin API's files. {@code PATH}
   * is left to {@link OcfEnvironment#withTools}.
   */
  public Map<String, String> environment(Path dir, String nodeName) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HA_SBIN_DIR", dir.toString());
    env.put(NODE_NAME, nodeName);
    if (access != null) {
      env.put(ADMIN_URL_FILE, access.urlFile().toString());
      env.put(ADMIN_CREDENTIAL_FILE, access.credentialFile().toString());
    }
    return env;
  }

  @Override
  public String toString() {
    return "cluster tools "
        + TOOLS
        + (access == null ? " (no admin API)" : " for the admin API of " + access.urlFile());
  }
}
