package org.paceline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDirsTest {

  private static final Path OPTION = Path.of("/opt/cfg/n1");
  private static final Map<String, String> ENV = Map.of("PACELINE_CONF", "/srv/paceline/n2");

  @Test
  void optionWinsOverEnvironment() {
    assertEquals(OPTION, ConfigDirs.resolve(OPTION, ENV));
  }

  @Test
  void environmentWinsOverTheSystemFolder() {
    assertEquals(Path.of("/srv/paceline/n2"), ConfigDirs.resolve(null, ENV));
  }

  @Test
  void systemFolderIsTheDefault() {
    assertEquals(Path.of("/etc/paceline"), ConfigDirs.resolve(null, Map.of()));
    assertEquals(ConfigDirs.SYSTEM_DIR, ConfigDirs.resolve(null, Map.of("OTHER", "/x")));
  }

  @Test
  void blankEnvironmentIsIgnored() {
    assertEquals(ConfigDirs.SYSTEM_DIR, ConfigDirs.resolve(null, Map.of("PACELINE_CONF", "")));
    assertEquals(ConfigDirs.SYSTEM_DIR, ConfigDirs.resolve(null, Map.of("PACELINE_CONF", "  ")));
  }

  @Test
  void relativeOptionIsKeptAsGiven() {
    assertEquals(Path.of("cfg"), ConfigDirs.resolve(Path.of("cfg"), ENV));
  }
}
