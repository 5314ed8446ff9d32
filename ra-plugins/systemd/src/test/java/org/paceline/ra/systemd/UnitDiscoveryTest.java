package org.paceline.ra.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitDiscoveryTest {

  @TempDir Path root;

  private Path unit(String dir, String name, String text) throws IOException {
    Path file = Files.createDirectories(root.resolve(dir)).resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void findsServicesOnTheSearchPathFirstDirectoryWins() throws IOException {
    unit("lib", "nginx.service", "[Unit]\nDescription=vendor nginx\n");
    Path admin = unit("etc", "nginx.service", "[Unit]\nDescription=admin nginx\n");
    unit("lib", "getty@.service", "[Unit]\nDescription=template\n");
    unit("lib", "cups.socket", "[Socket]\n");
    unit("lib", "redis.service", "[Service]\nDescription=not the unit section\n[Unit]\n");
    Files.createDirectories(root.resolve("lib/nginx.service.d"));
    // masked: a link to an empty file, as to /dev/null (kept inside the temp dir)
    Files.createSymbolicLink(
        root.resolve("etc/masked.service"), Files.createFile(root.resolve("null")));

    UnitDiscovery discovery =
        new UnitDiscovery(
            List.of(root.resolve("etc"), root.resolve("missing"), root.resolve("lib")));

    assertThat(discovery.services().keySet())
        .extracting(UnitName::agentType)
        .containsExactly("masked", "nginx", "redis");
    UnitDiscovery.UnitFile nginx = discovery.services().get(UnitName.of("nginx"));
    assertThat(nginx.path()).isEqualTo(admin);
    assertThat(nginx.description()).isEqualTo("admin nginx");
    assertThat(discovery.services().get(UnitName.of("redis")).description()).isEmpty();
    assertThat(discovery.services().get(UnitName.of("masked")).description()).isEmpty();
  }

  @Test
  void findLooksUpAnyUnitType() throws IOException {
    unit("lib", "cups.socket", "[Unit]\nDescription=CUPS socket\n");
    UnitDiscovery discovery = new UnitDiscovery(List.of(root.resolve("lib")));

    assertThat(discovery.find(UnitName.of("cups.socket")))
        .hasValueSatisfying(f -> assertThat(f.description()).isEqualTo("CUPS socket"));
    assertThat(discovery.find(UnitName.of("nope"))).isEmpty();
  }

  @Test
  void noDirectoriesNoUnits() {
    assertThat(new UnitDiscovery(List.of(root.resolve("none"))).services()).isEmpty();
  }
}
