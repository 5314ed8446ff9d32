package org.paceline.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromedriver, for the Web Console's Cluster page:
 * logs in with Basic credentials in the URL, reads the page's state in one script call (the page
 * redraws its tables every poll, so elements found earlier go stale), clicks, and saves screenshots
 * under {@code target/webconsole-screenshots/}.
 */
final class WebConsoleBrowser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "webconsole-screenshots");

  /** Reads what the page shows: nodes, resources, the result banner, the events section. */
  private static final String STATE_SCRIPT =
      String.join(
          "\n",
          "var out = {nodes: {}, resources: {}, roles: {}, result: null, resultOk: null};",
          "if (!document.getElementById('paceline-cluster')) { return null; }",
          "document.querySelectorAll('#pl-nodes tbody tr').forEach(function (tr) {",
          "  out.nodes[tr.getAttribute('data-node')] = tr.getAttribute('data-state'); });",
          "document.querySelectorAll('#pl-resources tbody tr').forEach(function (tr) {",
          "  out.resources[tr.getAttribute('data-resource')] = tr.getAttribute('data-node');",
          "  out.roles[tr.getAttribute('data-resource')] = tr.getAttribute('data-role'); });",
          "var r = document.getElementById('pl-result');",
          "if (!r.hidden) { out.result = r.textContent; out.resultOk = r.getAttribute('data-ok'); }",
          "var s = document.getElementById('pl-summary');",
          "out.summary = s.textContent; out.dc = s.getAttribute('data-dc');",
          "out.quorate = s.getAttribute('data-quorate');",
          "var e = document.getElementById('pl-error');",
          "out.error = e.hidden ? null : e.textContent;",
          "var ev = document.getElementById('pl-events-empty');",
          "out.eventsNote = ev.hidden ? null : ev.textContent;",
          "out.events = document.querySelectorAll('#pl-events tbody tr').length;",
          "var top = document.querySelector('#pl-events tbody tr');",
          "out.newestSeq = top ? Number(top.getAttribute('data-seq')) : 0;",
          "out.dialogOpen = document.getElementById('pl-confirm').open;",
          "out.dialogText = document.getElementById('pl-confirm-text').textContent;",
          "return JSON.stringify(out);");

  private final ChromeDriver driver;
  private final ChromeDriverService service;

  private WebConsoleBrowser(ChromeDriver driver, ChromeDriverService service) {
    this.driver = driver;
    this.service = service;
  }

  /** Starts a fresh headless browser whose profile lives in {@code profile}. */
  static WebConsoleBrowser start(Path profile) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is missing: install them with 'apt-get install -y chromium chromium-driver'"
              + " (.ci/run does)");
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(new File("target/webconsole-chromedriver.log"))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    Files.createDirectories(Path.of("target"));
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new WebConsoleBrowser(driver, service);
  }

  /** {@code http://USER:PASSWORD@HOST:PORT/PATH} for an admin URL such as {@code http://h:p/}. */
  static String withCredential(String adminUrl, String user, String password, String path) {
    String rest = adminUrl.substring("http://".length());
    return "http://"
        + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + ":"
        + URLEncoder.encode(password, StandardCharsets.UTF_8)
        + "@"
        + rest
        + path;
  }

  void open(String url) {
    driver.get(url);
  }

  /** What the page shows now, or null if the Cluster page is not shown. */
  JsonNode state() throws IOException {
    Object json = ((JavascriptExecutor) driver).executeScript(STATE_SCRIPT);
    return json == null ? null : new ObjectMapper().readTree(json.toString());
  }

  /** The page's text (to see that a refused login shows no console). */
  String bodyText() {
    List<WebElement> body = driver.findElements(By.tagName("body"));
    return body.isEmpty() ? "" : body.get(0).getText();
  }

  boolean hasClusterPage() {
    return !driver.findElements(By.id("paceline-cluster")).isEmpty();
  }

  /** Clicks the first element matching {@code css} (found afresh: rows are redrawn). */
  void click(String css) {
    driver.findElement(By.cssSelector(css)).click();
  }

  /** Saves a screenshot as {@code target/webconsole-screenshots/NAME.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path to = SCREENSHOTS.resolve(name + ".png");
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    return to;
  }

  /** Browser console messages at SEVERE since the last call. */
  List<String> severeConsoleMessages() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
