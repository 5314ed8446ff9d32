#!/bin/sh
# Runs the scheduler's simulate entry point (org.paceline.scheduler.tools.SimulateMain) with this
# module's classpath, e.g. for ../shared/compat/pacemaker-scheduler/check:
#   check --verbose -- bundles/scheduler/simulate.sh
# Build the module first (mvn -o -pl bundles/scheduler install).
here=$(cd "$(dirname "$0")" && pwd)
cp_file="$here/target/runtime-classpath.txt"
if [ ! -f "$cp_file" ] || [ "$here/pom.xml" -nt "$cp_file" ]; then
  (cd "$here" && mvn -o -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" \
    -Dmdep.includeScope=runtime) >&2 || exit 2
fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$here/target/classes:$(cat "$cp_file")" \
  org.paceline.scheduler.tools.SimulateMain "$@"
