package org.paceline.ra.script;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run: an argument vector (never a shell line), the complete environment the child
 * gets, its working directory, optional standard input and how much of each output stream to keep.
 *
 * <p>The child inherits nothing from the JVM's environment. {@link #of} starts from {@link
 * #baseEnvironment()}, which holds only {@code PATH=}{@value #DEFAULT_PATH}: the search path a
 * system service gets, chosen so that agents find the usual tools whatever the JVM was started
 * with. Everything else (locale, {@code HOME}, agent parameters) must be added explicitly. The one
 * exception: {@link CommandRunner} adds the node's {@linkplain NodeMarker marker}.
 *
 * @param argv the program and its arguments; the program is an absolute path, a path relative to
 *     {@code workingDir}, or a bare name looked up in the environment's {@code PATH}
 * @param environment every variable the child sees
 * @param workingDir the child's working directory (absolute)
 * @param stdin text written to the child's standard input (UTF-8), or {@code null} for none (the
 *     child reads {@code /dev/null})
 * @param outputLimit how many bytes of the end of stdout and of stderr to keep, each
 */
public record CommandSpec(
    List<String> argv,
    Map<String, String> environment,
    Path workingDir,
    String stdin,
    int outputLimit) {

  /** The search path every command gets unless its environment says otherwise. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Bytes kept of the end of each output stream by default. */
  public static final int DEFAULT_OUTPUT_LIMIT = 4096;

  /** The largest output limit accepted (16 MiB). */
  public static final int MAX_OUTPUT_LIMIT = 16 << 20;

  public CommandSpec {
    Objects.requireNonNull(argv, "argv");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(workingDir, "workingDir");
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("a command needs a program to run");
    }
    for (String arg : argv) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("command argument contains a NUL character");
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "environment variable name");
          Objects.requireNonNull(value, () -> "value of environment variable " + name);
          if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                "environment variable name '" + name + "' is empty or contains '=' or NUL");
          }
          if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                "value of environment variable " + name + " contains a NUL character");
          }
          env.put(name, value);
        });
    environment = java.util.Collections.unmodifiableMap(env);
    if (!workingDir.isAbsolute()) {
      throw new IllegalArgumentException("working directory must be absolute, got " + workingDir);
    }
    if (stdin != null && stdin.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("standard input contains a NUL character");
    }
    if (outputLimit < 1 || outputLimit > MAX_OUTPUT_LIMIT) {
      throw new IllegalArgumentException(
          "output limit must be 1.." + MAX_OUTPUT_LIMIT + " bytes, got " + outputLimit);
    }
  }

  /** The environment every command starts from: {@code PATH} only. */
  public static Map<String, String> baseEnvironment() {
    return Map.of("PATH", DEFAULT_PATH);
  }

  /**
   * A command with the {@linkplain #baseEnvironment() base environment}, working directory {@code
   * /}, no standard input and the default output limit.
   */
  public static CommandSpec of(String program, String... args) {
    List<String> argv = new java.util.ArrayList<>(args.length + 1);
    argv.add(program);
    argv.addAll(List.of(args));
    return of(argv);
  }

  /** Like {@link #of(String, String...)} with a ready argument vector. */
  public static CommandSpec of(List<String> argv) {
    return new CommandSpec(argv, baseEnvironment(), Path.of("/"), null, DEFAULT_OUTPUT_LIMIT);
  }

  /** This command with exactly {@code env} as its environment (nothing else is added). */
  public CommandSpec withEnvironment(Map<String, String> env) {
    return new CommandSpec(argv, env, workingDir, stdin, outputLimit);
  }

  /** This command with {@code env} added to its environment (replacing variables of that name). */
  public CommandSpec plusEnvironment(Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>(environment);
    merged.putAll(env);
    return new CommandSpec(argv, merged, workingDir, stdin, outputLimit);
  }

  /** This command run in {@code dir}. */
  public CommandSpec withWorkingDir(Path dir) {
    return new CommandSpec(argv, environment, dir, stdin, outputLimit);
  }

  /** This command with {@code text} on its standard input ({@code null}: none). */
  public CommandSpec withStdin(String text) {
    return new CommandSpec(argv, environment, workingDir, text, outputLimit);
  }

  /** This command keeping the last {@code bytes} bytes of each output stream. */
  public CommandSpec withOutputLimit(int bytes) {
    return new CommandSpec(argv, environment, workingDir, stdin, bytes);
  }

  /** The program, {@code argv[0]}. */
  public String program() {
    return argv.get(0);
  }
}
