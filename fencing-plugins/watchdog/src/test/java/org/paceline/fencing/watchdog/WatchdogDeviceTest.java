package org.paceline.fencing.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogDeviceTest {

  @Test
  void anInterruptedPetDoesNotPreventTheMagicClose(@TempDir Path dir) throws Exception {
    Path dev = Files.createFile(dir.resolve("watchdog"));
    WatchdogDevice device = WatchdogDevice.open(dev);
    device.pet();
    // The self-fencing thread is interrupted when it is stopped; a pet while the interrupt flag is
    // set must neither fail nor close the device.
    Thread.currentThread().interrupt();
    try {
      device.pet();
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
    device.disarm();
    assertThat(Files.readString(dev)).isEqualTo("11V");
  }

  @Test
  void anAbandonedDeviceIsNeitherFedNorDisarmed(@TempDir Path dir) throws Exception {
    Path dev = Files.createFile(dir.resolve("watchdog"));
    WatchdogDevice device = WatchdogDevice.open(dev);
    device.pet();
    device.abandon();
    device.pet();
    device.disarm();
    assertThat(Files.readString(dev)).isEqualTo("1");
    assertThat(device.abandoned()).isTrue();
  }

  @Test
  void aMissingDeviceIsNamedInTheError(@TempDir Path dir) {
    Path dev = dir.resolve("no-such-dir").resolve("watchdog");
    assertThatThrownBy(() -> WatchdogDevice.open(dev))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dev.toString());
  }
}
