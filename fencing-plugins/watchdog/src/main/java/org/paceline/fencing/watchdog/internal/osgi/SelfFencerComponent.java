package org.paceline.fencing.watchdog.internal.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumService;
import org.paceline.cib.service.CibService;
import org.paceline.fencing.watchdog.NodeProcessKiller;
import org.paceline.fencing.watchdog.SelfFencer;
import org.paceline.fencing.watchdog.WatchdogDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's {@link SelfFencer}, fed by the quorum service, reading this node's CIB replica,
 * killing this node's processes with a {@link NodeProcessKiller} rooted at this JVM and halting it
 * with {@link Runtime#halt} (exit status {@value #HALT_STATUS}).
 *
 * <p>Configuration PID {@value #PID} (optional): {@code device}, the hardware watchdog to feed
 * (e.g. {@code /dev/watchdog}); unset or empty (the default): none. It is fed every second, or
 * every third of its own timeout if that is shorter. A device that cannot be opened is logged as an
 * error and self-fencing runs without it.
 */
@Component(
    service = {},
    immediate = true,
    configurationPid = SelfFencerComponent.PID)
public final class SelfFencerComponent {

  /** The configuration PID. */
  public static final String PID = "org.paceline.fencing.watchdog";

  /** The exit status of a node that halted itself. */
  public static final int HALT_STATUS = 70;

  private static final Logger LOG = LoggerFactory.getLogger(SelfFencerComponent.class);

  private static final Duration MAX_TICK = Duration.ofSeconds(1);
  private static final Duration MIN_TICK = Duration.ofMillis(100);
  private static final Duration KILL_WITHIN = Duration.ofSeconds(3);
  private static final Path SYS_CLASS_WATCHDOG = Path.of("/sys/class/watchdog");

  /** The component's configuration. */
  @interface Config {
    /** The hardware watchdog device; empty for none. */
    String device() default "";
  }

  private final SelfFencer fencer;
  private final AutoCloseable listener;
  private final String nodeName;

  /** Starts self-fencing for the node this framework runs. */
  @Activate
  public SelfFencerComponent(
      @Reference(name = "config") NodeConfiguration config,
      @Reference(name = "quorum") QuorumService quorum,
      @Reference(name = "cib") CibService cib,
      Config settings,
      BundleContext context) {
    this(
        config,
        quorum,
        cib,
        deviceOf(settings, context),
        new NodeProcessKiller(
            ProcessHandle.current().pid(),
            Optional.ofNullable(System.getenv(NodeProcessKiller.MARKER_VARIABLE))),
        () -> Runtime.getRuntime().halt(HALT_STATUS));
  }

  SelfFencerComponent(
      NodeConfiguration config,
      QuorumService quorum,
      CibService cib,
      String deviceSetting,
      NodeProcessKiller killer,
      SelfFencer.Halter halter) {
    nodeName = config.node().name();
    Optional<WatchdogDevice> device = openDevice(deviceSetting);
    Duration tick = device.map(d -> tick(d.path())).orElse(MAX_TICK);
    fencer = new SelfFencer(nodeName, cib::current, () -> kill(killer), halter, device, tick);
    fencer.start();
    listener = quorum.addListener(state -> fencer.quorumChanged(state.quorate()));
  }

  /** The framework property paceline.conf's {@code fencing { watchdog_device: ... }} sets. */
  static final String DEVICE_PROPERTY = "paceline.watchdog.device";

  /** The device: this component's configuration, else paceline.conf's setting, else none. */
  static String deviceOf(Config settings, BundleContext context) {
    String configured = settings.device();
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String fromConf = context == null ? null : context.getProperty(DEVICE_PROPERTY);
    return fromConf == null ? "" : fromConf;
  }

  private void kill(NodeProcessKiller killer) throws InterruptedException {
    LOG.error("node {}: watchdog: killing {}", nodeName, killer);
    NodeProcessKiller.Result r = killer.kill(KILL_WITHIN);
    LOG.error(
        "node {}: watchdog: sent SIGKILL to {} process(es) {}{}",
        nodeName,
        r.killed().size(),
        r.killed(),
        r.gone() ? ", all gone" : "; still alive: " + r.survivors());
  }

  private Optional<WatchdogDevice> openDevice(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(value.strip());
    if (!Files.exists(path)) {
      LOG.error(
          "node {}: configuration {}: device = '{}' does not exist: self-fencing runs without a"
              + " hardware watchdog",
          nodeName,
          PID,
          value);
      return Optional.empty();
    }
    try {
      WatchdogDevice d = WatchdogDevice.open(path);
      Optional<Duration> hw = WatchdogDevice.hardwareTimeout(path, SYS_CLASS_WATCHDOG);
      LOG.info(
          "node {}: watchdog: opened {} ({}); keep the device's timeout at most half the watchdog"
              + " timeout, so that a frozen node resets in time",
          nodeName,
          path,
          hw.map(t -> "its timeout is " + t.toSeconds() + "s").orElse("its timeout is unknown"));
      return Optional.of(d);
    } catch (IOException e) {
      LOG.error(
          "node {}: configuration {}: {}: self-fencing runs without a hardware watchdog",
          nodeName,
          PID,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** A second, or a third of the device's own timeout if shorter (but at least 100 ms). */
  static Duration tick(Path device) {
    Optional<Duration> hw = WatchdogDevice.hardwareTimeout(device, SYS_CLASS_WATCHDOG);
    Duration t =
        hw.map(d -> d.dividedBy(3)).filter(d -> d.compareTo(MAX_TICK) < 0).orElse(MAX_TICK);
    return t.compareTo(MIN_TICK) < 0 ? MIN_TICK : t;
  }

  /** Where self-fencing stands. */
  SelfFencer.State state() {
    return fencer.state();
  }

  @Deactivate
  void deactivate() {
    try {
      listener.close();
    } catch (Exception e) {
      LOG.warn("node {}: watchdog: cannot remove the quorum listener", nodeName, e);
    }
    fencer.close();
  }
}
