package org.paceline.ra.ocf;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.ra.script.CommandSpec;

/**
 * The environment an OCF agent runs with, as OCF 1.1 defines it and Pacemaker fills it. Nothing is
 * inherited from the JVM.
 *
 * <ul>
 *   <li>{@code PATH}: {@value CommandSpec#DEFAULT_PATH}
 *   <li>{@code OCF_ROOT}: the root the agent was found under
 *   <li>{@code OCF_FUNCTIONS_DIR}: {@code $OCF_ROOT/lib/heartbeat}
 *   <li>{@code OCF_RA_VERSION_MAJOR}, {@code OCF_RA_VERSION_MINOR}: 1 and 1
 *   <li>{@code OCF_RESOURCE_INSTANCE}: the resource id (clone instances {@code id:N})
 *   <li>{@code OCF_RESOURCE_TYPE}, {@code OCF_RESOURCE_PROVIDER}: from the agent id
 *   <li>{@code OCF_RESKEY_<name>}: every instance parameter, verbatim
 *   <li>{@code OCF_CHECK_LEVEL}: the {@code OCF_CHECK_LEVEL} parameter, if given
 *   <li>{@code OCF_RESKEY_CRM_meta_<name>}: every meta attribute, {@code -} in the name turned into
 *       {@code _} (clone and notify variables included)
 *   <li>{@code OCF_RESKEY_CRM_meta_interval}, {@code OCF_RESKEY_CRM_meta_timeout}: the operation's,
 *       in milliseconds (interval 0 for one-time operations and probes)
 *   <li>{@code OCF_RESKEY_CRM_meta_on_node}: the local node's name
 *   <li>{@code OCF_RESKEY_crm_feature_set}: {@value #CRM_FEATURE_SET} (some agents compare it)
 *   <li>{@code HA_RSCTMP}, {@code HA_VARRUN}: {@code rsctmp} and {@code run} under the runtime
 *       directory (per node by default)
 *   <li>with {@link #withTools}: {@code HA_SBIN_DIR} and {@code PATH} lead to Paceline's {@link
 *       ClusterTools} ({@code crm_attribute}, {@code crm_master}, {@code attrd_updater}, {@code
 *       crm_node}) in {@code sbin} under the runtime directory, and {@code PACELINE_NODE_NAME},
 *       {@code PACELINE_ADMIN_URL_FILE}, {@code PACELINE_ADMIN_CREDENTIAL_FILE} tell them how to
 *       reach the node's admin API
 * </ul>
 *
 * The runner adds the node's marker ({@code PACELINE_NODE_PIDFILE}) to every agent's environment.
 */
public final class OcfEnvironment {

  /** The Pacemaker feature set announced to agents (Pacemaker 2.1.5's). */
  public static final String CRM_FEATURE_SET = "3.16.2";

  private OcfEnvironment() {}

  /** Where agents keep runtime files: {@code HA_RSCTMP} and {@code HA_VARRUN}. */
  public record RuntimeDirs(Path rsctmp, Path varrun) {

    /** The two directories under {@code base}. */
    public static RuntimeDirs under(Path base) {
      return new RuntimeDirs(base.resolve("rsctmp"), base.resolve("run"));
    }
  }

  /**
   * The environment for {@code action} (the request's, or {@code validate-all} before a start).
   *
   * @throws IllegalArgumentException if a parameter or meta attribute cannot be passed in the
   *     environment (a name with {@code =} or NUL, a value with NUL), naming it
   */
  public static Map<String, String> forOperation(
      OcfScript script, OperationRequest request, OperationContext context, RuntimeDirs dirs) {
    Map<String, String> env = base(script);
    env.put("OCF_RESOURCE_INSTANCE", request.resourceId());
    request
        .parameters()
        .forEach(
            (name, value) -> {
              check("parameter", name, value);
              env.put("OCF_RESKEY_" + name, value);
            });
    String checkLevel = request.parameters().get("OCF_CHECK_LEVEL");
    if (checkLevel != null) {
      env.put("OCF_CHECK_LEVEL", checkLevel);
    }
    request
        .meta()
        .forEach(
            (name, value) -> {
              check("meta attribute", name, value);
              env.put("OCF_RESKEY_CRM_meta_" + name.replace('-', '_'), value);
            });
    env.put("OCF_RESKEY_CRM_meta_interval", Long.toString(request.interval().toMillis()));
    env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(request.timeout().toMillis()));
    env.put("OCF_RESKEY_CRM_meta_on_node", context.nodeName());
    env.put("OCF_RESKEY_crm_feature_set", CRM_FEATURE_SET);
    env.put("HA_RSCTMP", dirs.rsctmp().toString());
    env.put("HA_VARRUN", dirs.varrun().toString());
    return env;
  }

  /**
   * {@code env} with the {@linkplain ClusterTools tools} installed in {@code sbin}: their variables
   * ({@code toolsEnv}, from {@link ClusterTools#environment}) added, and {@code sbin} put first in
   * {@code PATH}.
   */
  public static Map<String, String> withTools(
      Map<String, String> env, Path sbin, Map<String, String> toolsEnv) {
    Map<String, String> out = new LinkedHashMap<>(env);
    out.putAll(toolsEnv);
    String path = env.get("PATH");
    out.put("PATH", path == null || path.isEmpty() ? sbin.toString() : sbin + ":" + path);
    return out;
  }

  /**
   * The environment for {@code meta-data}: no instance, no parameters, and the library defaults for
   * {@code HA_RSCTMP} and {@code HA_VARRUN} (which only appear in parameter descriptions).
   */
  public static Map<String, String> forMetadata(OcfScript script) {
    return base(script);
  }

  private static Map<String, String> base(OcfScript script) {
    Map<String, String> env = new LinkedHashMap<>(CommandSpec.baseEnvironment());
    env.put("OCF_ROOT", script.root().toString());
    env.put("OCF_FUNCTIONS_DIR", script.functionsDir().toString());
    env.put("OCF_RA_VERSION_MAJOR", "1");
    env.put("OCF_RA_VERSION_MINOR", "1");
    env.put("OCF_RESOURCE_TYPE", script.id().type());
    env.put("OCF_RESOURCE_PROVIDER", script.id().provider());
    return env;
  }

  private static void check(String what, String name, String value) {
    if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          what
              + " name '"
              + name.replace('\0', '?')
              + "' cannot be passed to an OCF agent (empty,"
              + " or contains '=' or NUL)");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "the value of " + what + " '" + name + "' contains a NUL character");
    }
  }
}
