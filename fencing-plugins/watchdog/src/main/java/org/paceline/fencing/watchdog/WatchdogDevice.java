package org.paceline.fencing.watchdog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A Linux watchdog device ({@code /dev/watchdog}): once opened, the machine resets unless a byte is
 * written to it within the device's timeout. {@link #pet} feeds it; {@link #disarm} writes the
 * magic {@code 'V'} and closes it, which stops it on drivers that allow that; {@link #abandon}
 * stops feeding it for good, so that the machine resets.
 *
 * <p>The device's own timeout is set outside Paceline (e.g. {@code modprobe softdog soft_margin=5},
 * or the driver's defaults); {@link #hardwareTimeout} reads it from sysfs where the kernel tells.
 */
public final class WatchdogDevice {

  private static final byte KEEP_ALIVE = '1';
  private static final byte MAGIC_CLOSE = 'V';

  private final Path path;
  // A stream, not a FileChannel: a FileChannel is interruptible, and an interrupt during a pet
  // (the self-fencing thread being stopped) would close it, so the magic close could no longer
  // be written and a clean stop would reset the machine.
  private final FileOutputStream out;
  private boolean abandoned;
  private boolean closed;

  private WatchdogDevice(Path path, FileOutputStream out) {
    this.path = path;
    this.out = out;
  }

  /**
   * Opens (and so arms) the device.
   *
   * @throws IOException naming the device if it cannot be opened for writing
   */
  public static WatchdogDevice open(Path path) throws IOException {
    try {
      return new WatchdogDevice(path, new FileOutputStream(path.toFile(), true));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      throw new IOException("cannot open watchdog device " + path + ": " + e, e);
    }
  }

  /** The device's path. */
  public Path path() {
    return path;
  }

  /**
   * Feeds the device one keep-alive byte; does nothing once {@link #abandon abandoned} or closed.
   *
   * @throws IOException naming the device if the write fails
   */
  public synchronized void pet() throws IOException {
    if (abandoned || closed) {
      return;
    }
    write(KEEP_ALIVE);
  }

  /**
   * Stops feeding the device for good without closing it: the machine resets when the device's
   * timeout expires (and the device stays armed when the process dies).
   */
  public synchronized void abandon() {
    abandoned = true;
  }

  /** Whether {@link #abandon} was called. */
  public synchronized boolean abandoned() {
    return abandoned;
  }

  /**
   * Writes the magic close character and closes the device (a clean stop); an abandoned device is
   * left as it is.
   *
   * @throws IOException naming the device if the write or the close fails
   */
  public synchronized void disarm() throws IOException {
    if (abandoned || closed) {
      return;
    }
    closed = true;
    try {
      write(MAGIC_CLOSE);
    } finally {
      out.close();
    }
  }

  private void write(byte b) throws IOException {
    try {
      out.write(b);
      out.flush();
    } catch (IOException e) {
      throw new IOException("cannot write to watchdog device " + path + ": " + e, e);
    }
  }

  /**
   * The device's timeout as the kernel reports it in {@code sysClass/NAME/timeout} ({@code
   * /sys/class/watchdog}; {@code /dev/watchdog} is {@code watchdog0}), if it does.
   */
  public static Optional<Duration> hardwareTimeout(Path device, Path sysClass) {
    String name = device.getFileName() == null ? "" : device.getFileName().toString();
    if (name.equals("watchdog")) {
      name = "watchdog0";
    }
    Path file = sysClass.resolve(name).resolve("timeout");
    try {
      long seconds = Long.parseLong(Files.readString(file).strip());
      return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (IOException | NumberFormatException | SecurityException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "watchdog device " + path;
  }
}
