package org.paceline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The admin API's TLS material for {@code paceline cluster init --tls}: one self-signed key pair
 * (EC P-256, 10 years) for the whole cluster, valid for every node's address and name, {@code
 * localhost}, 127.0.0.1 and ::1. Each node folder gets the PKCS#12 key store {@value #KEYSTORE} and
 * its password file {@value #PASSWORD} (both mode 0600), and the certificate as {@value
 * AdminTrust#TRUST_FILE}, which the CLI trusts. Made with the JDK's {@code keytool}, passwords
 * passed through a file, never on a command line.
 */
final class AdminTls {

  static final String KEYSTORE = "admin-tls.p12";
  static final String PASSWORD = "admin-tls.pass";
  static final String ALIAS = "paceline-admin";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private AdminTls() {}

  /** The subject alternative names for {@code nodes}. */
  static String subjectAltNames(List<ClusterInit.NodeSpec> nodes) {
    Set<String> names = new LinkedHashSet<>(List.of("DNS:localhost", "IP:127.0.0.1", "IP:::1"));
    for (ClusterInit.NodeSpec n : nodes) {
      names.add(ip(n.address()) ? "IP:" + n.address() : "DNS:" + n.address());
      names.add("DNS:" + n.name());
    }
    return String.join(",", names);
  }

  private static boolean ip(String address) {
    return IPV4.matcher(address).matches() || address.contains(":");
  }

  /**
   * Writes the key store, its password and the certificate into every folder of {@code nodeDirs}.
   */
  static void write(String cluster, List<ClusterInit.NodeSpec> nodes, List<Path> nodeDirs)
      throws IOException {
    Path work = Files.createTempDirectory("paceline-tls-");
    try {
      Path pass = work.resolve(PASSWORD);
      Secrets.writePrivate(
          pass, (Secrets.newPassword() + "\n").getBytes(StandardCharsets.UTF_8), false);
      Path store = work.resolve(KEYSTORE);
      Path cert = work.resolve(AdminTrust.TRUST_FILE);
      keytool(
          "-genkeypair",
          "-alias",
          ALIAS,
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-sigalg",
          "SHA256withECDSA",
          "-validity",
          "3650",
          "-dname",
          "CN=Paceline admin API of cluster " + cluster,
          "-ext",
          "SAN=" + subjectAltNames(nodes),
          "-ext",
          "EKU=serverAuth",
          "-keystore",
          store.toString(),
          "-storetype",
          "PKCS12",
          "-storepass:file",
          pass.toString(),
          "-keypass:file",
          pass.toString());
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          ALIAS,
          "-keystore",
          store.toString(),
          "-storetype",
          "PKCS12",
          "-storepass:file",
          pass.toString(),
          "-file",
          cert.toString());
      byte[] storeBytes = Files.readAllBytes(store);
      byte[] passBytes = Files.readAllBytes(pass);
      for (Path dir : nodeDirs) {
        Secrets.writePrivate(dir.resolve(KEYSTORE), storeBytes, true);
        Secrets.writePrivate(dir.resolve(PASSWORD), passBytes, true);
        Files.copy(cert, dir.resolve(AdminTrust.TRUST_FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try (var files = Files.list(work)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  private static void keytool(String... args) throws IOException {
    Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(tool)) {
      throw new CliException(
          ExitCodes.FAILED, "cannot make the TLS key: " + tool + " is missing (a JDK has it)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(tool.toString());
    cmd.addAll(List.of(args));
    cmd.add("-noprompt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new CliException(ExitCodes.FAILED, "keytool " + args[0] + " did not finish in 60 s");
      }
      if (p.exitValue() != 0) {
        throw new CliException(
            ExitCodes.FAILED,
            "keytool " + args[0] + " failed (exit " + p.exitValue() + "): " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while making the TLS key", e);
    } finally {
      p.destroyForcibly();
    }
  }
}
