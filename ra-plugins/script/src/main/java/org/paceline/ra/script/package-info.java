/**
 * Runs agent scripts and commands safely: an argument vector (never a shell line), an explicit
 * environment, a new session and process group per child, a deadline with SIGTERM-then-SIGKILL of
 * the whole group, and bounded capture of the end of stdout and stderr.
 *
 * <p>A plain library: the ocf, lsb and systemd agent bundles copy it in privately (bnd {@code
 * -conditionalpackage: org.paceline.ra.script.*}), so it is never exported.
 *
 * <p>Usage, from inside {@code ResourceAgent.execute(request, context)}:
 *
 * <pre>{@code
 * CommandRunner runner = new CommandRunner(); // share one; it is thread-safe
 * CommandSpec spec =
 *     CommandSpec.of("/usr/bin/systemctl", "start", "nginx.service") // argv, no shell
 *         .plusEnvironment(Map.of("SYSTEMD_PAGER", "")) // added to PATH=... (+ the node marker)
 *         .withStdin(null); // the child reads /dev/null
 * CommandResult r = runner.run(spec, context.deadline()); // throws CommandInterruptedException
 * switch (r.outcome()) {
 *   case EXITED -> ... r.exitCode(), r.stdout(), r.stderr() (last 4 KiB each)
 *   case TIMED_OUT -> ... process group already killed; r.detail() says how
 *   case NOT_STARTED -> ... missing / not executable; r.detail() says why
 *   case INTERRUPTED -> ... only inside CommandInterruptedException.result()
 * }
 * }</pre>
 *
 * <p>Parameters go through the environment ({@link
 * org.paceline.ra.script.CommandSpec#plusEnvironment}) or standard input ({@link
 * org.paceline.ra.script.CommandSpec#withStdin}); arguments are passed to {@code execve} as they
 * are, so no value is ever interpreted by a shell on the way.
 */
package org.paceline.ra.script;
