package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The documentation cannot drift from the code: every route of the {@link RouteTable} is an
 * operation of {@code docs/admin-api.yaml} (OpenAPI) and has its section in {@code
 * docs/admin-api.md}, and neither describes a route the API does not serve.
 */
class ApiDocsTest {

  private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
  private static final Pattern METHOD =
      Pattern.compile("^    (get|post|put|delete|patch|head|options):\\s*$");
  private static final Pattern HEADING =
      Pattern.compile("^### (GET|POST|PUT|DELETE|PATCH) (\\S+)$");

  private static Path docs() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/admin-api.yaml"))) {
        return dir.resolve("docs");
      }
    }
    throw new AssertionError("docs/admin-api.yaml not found above " + Path.of("").toAbsolutePath());
  }

  private static Set<String> routes() {
    try (AdminApi api =
        new AdminApi(
            AdminApiTest.config(Path.of("/nonexistent")), new AgentCatalog(), Instant.EPOCH)) {
      Set<String> out = new TreeSet<>();
      api.routes().forEach(r -> out.add(r.method() + " " + r.template()));
      return out;
    }
  }

  /** The operations of the OpenAPI file's {@code paths}, as {@code METHOD /template}. */
  static Set<String> openApiOperations(List<String> lines) {
    Set<String> ops = new TreeSet<>();
    boolean inPaths = false;
    String path = null;
    for (String line : lines) {
      if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#")) {
        inPaths = line.equals("paths:");
        path = null;
        continue;
      }
      if (!inPaths) {
        continue;
      }
      Matcher p = PATH.matcher(line);
      if (p.matches()) {
        path = p.group(1);
        continue;
      }
      Matcher m = METHOD.matcher(line);
      if (m.matches() && path != null) {
        ops.add(m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
      }
    }
    return ops;
  }

  @Test
  void theOpenApiFileDescribesExactlyTheRoutes() throws IOException {
    List<String> lines = Files.readAllLines(docs().resolve("admin-api.yaml"));

    assertThat(lines.get(0)).startsWith("openapi: 3.");
    assertThat(openApiOperations(lines)).isEqualTo(routes());
  }

  @Test
  void theGuideHasASectionForEveryRouteAndNoOther() throws IOException {
    Set<String> sections = new TreeSet<>();
    for (String line : Files.readAllLines(docs().resolve("admin-api.md"))) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        assertThat(m.group(2)).startsWith("/api/v1/");
        sections.add(m.group(1) + " " + m.group(2).substring("/api/v1".length()));
      }
    }

    assertThat(sections).isEqualTo(routes());
  }

  @Test
  void theReaderFindsOperationsOnlyUnderPaths() {
    List<String> yaml =
        List.of(
            "openapi: 3.0.3",
            "info:",
            "  /not-a-path:",
            "    get:",
            "paths:",
            "  /a/{id}:",
            "    get:",
            "      summary: x",
            "    post:",
            "  /b:",
            "    parameters: []",
            "    get:",
            "components:",
            "  /c:",
            "    get:");

    assertThat(openApiOperations(yaml)).containsExactly("GET /a/{id}", "GET /b", "POST /a/{id}");
  }
}
