#!/usr/bin/env bash
# Sets up a private Jupyter for Trialbook's notebooks: the Jupyter Python bits (from Debian when
# missing and root) and, for each kernel, its plain kernelspec (as its own installer writes it) and
# its Trialbook kernelspec, all under notebooks/target/jupyter so nothing outside the repository
# changes. Idempotent; never reads stdin.
#
#   notebooks/setup-jupyter.sh [--jars DIR] [--target DIR] [--ijava-jar PATH] [--jjava-home DIR]
#
# Kernels: Rapaio always ("rapaio-jupyter-kernel" and "trialbook-rapaio"); IJava with --ijava-jar
# ("ijava" and "trialbook-ijava"; IJava is not on Maven Central, the tests pass
# ../shared/kernels/ijava-1.3.0/ijava-1.3.0.jar or $IJAVA_JAR); JJava with --jjava-home, a folder
# holding JJava's jjava.jar and jjava-launcher.jar ("java" as JJava names it, "trialbook-jjava", and
# "java-trialbook-classpath": plain JJava with only the Trialbook jar on JJAVA_CLASSPATH; the tests
# pass ../shared/kernels/jjava-1.0-a7 or $JJAVA_HOME).
#
# DIR of --jars holds trialbook-kernel-ext-all.jar and rapaio-jupyter-kernel.jar; `mvn -pl notebooks
# -am verify` (or ../demo.sh) puts them in notebooks/target/kernel-jars. Prints the environment
# to export. PYTHON picks the interpreter (default /usr/bin/python3; a conda user sets PYTHON=python).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jars="$here/target/kernel-jars"
target="$here/target/jupyter"
ijava_jar=""
jjava_home=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jars) jars="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --ijava-jar) ijava_jar="$2"; shift 2 ;;
    --jjava-home) jjava_home="$2"; shift 2 ;;
    *) echo "setup-jupyter.sh: unknown option '$1' (options: --jars DIR, --target DIR, --ijava-jar PATH, --jjava-home DIR)" >&2; exit 2 ;;
  esac
done
if [ -n "$ijava_jar" ] && [ ! -f "$ijava_jar" ]; then
  echo "setup-jupyter: --ijava-jar $ijava_jar is not a file" >&2
  exit 2
fi
for jar in jjava.jar jjava-launcher.jar; do
  if [ -n "$jjava_home" ] && [ ! -f "$jjava_home/$jar" ]; then
    echo "setup-jupyter: --jjava-home $jjava_home has no $jar (unpack JJava's kernelspec zip there)" >&2
    exit 2
  fi
done

if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
have_jupyter() { "$PYTHON" -c 'import nbclient, nbformat, jupyter_client, nbconvert' >/dev/null 2>&1; }

if ! have_jupyter; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ "$PYTHON" = /usr/bin/python3 ]; then
    echo "setup-jupyter: installing Jupyter from Debian packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q -o DPkg::Lock::Timeout=600 update >&2
    apt-get -q -y -o DPkg::Lock::Timeout=600 install --no-install-recommends \
      jupyter-nbconvert python3-nbclient python3-jupyter-client jupyter-client python3-nbformat >&2 </dev/null
  else
    echo "setup-jupyter: $PYTHON lacks nbclient/nbconvert/jupyter_client and this is not a root Debian machine." >&2
    echo "  conda: conda env create -f environment.yml && conda activate trialbook && PYTHON=python $0" >&2
    exit 1
  fi
  have_jupyter || { echo "setup-jupyter: Jupyter still missing after apt-get" >&2; exit 1; }
fi

for jar in trialbook-kernel-ext-all.jar rapaio-jupyter-kernel.jar; do
  if [ ! -f "$jars/$jar" ]; then
    echo "setup-jupyter: $jars/$jar is missing; build it first: mvn -B -pl notebooks -am verify -DskipITs" >&2
    exit 1
  fi
done

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
kernels="$target/share/jupyter/kernels"
mkdir -p "$kernels/rapaio-jupyter-kernel" "$target/runtime" "$target/config" "$target/data"

# The plain Rapaio kernel, as its own installer would write it, for notebooks without Trialbook.
cp -f "$jars/rapaio-jupyter-kernel.jar" "$kernels/rapaio-jupyter-kernel/rapaio-jupyter-kernel.jar"
cat > "$kernels/rapaio-jupyter-kernel/kernel.json" <<JSON
{
  "argv": ["$java_bin", "--add-modules", "jdk.incubator.vector", "-jar",
           "$kernels/rapaio-jupyter-kernel/rapaio-jupyter-kernel.jar", "{connection_file}"],
  "display_name": "Java (rapaio)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {}
}
JSON

# The Trialbook kernel: Rapaio with the Trialbook jar on its class path and the default imports.
"$java_bin" -jar "$jars/trialbook-kernel-ext-all.jar" install-kernel --kernel rapaio \
  --prefix "$target" --kernel-jar "$jars/rapaio-jupyter-kernel.jar" --name trialbook-rapaio >&2

if [ -n "$ijava_jar" ]; then
  # The plain IJava kernel, as IJava's installer writes it (java -jar, interrupt_mode message).
  mkdir -p "$kernels/ijava"
  cp -f "$ijava_jar" "$kernels/ijava/ijava.jar"
  cat > "$kernels/ijava/kernel.json" <<JSON
{
  "argv": ["$java_bin", "-jar", "$kernels/ijava/ijava.jar", "{connection_file}"],
  "display_name": "Java (IJava)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {}
}
JSON
  # The Trialbook kernel: IJava with the jar on IJAVA_CLASSPATH and the default imports.
  "$java_bin" -jar "$jars/trialbook-kernel-ext-all.jar" install-kernel --kernel ijava \
    --prefix "$target" --kernel-jar "$ijava_jar" --name trialbook-ijava >&2
fi

if [ -n "$jjava_home" ]; then
  # The plain JJava kernel, as JJava's kernelspec zip has it (its launcher starts the kernel's JVM).
  mkdir -p "$kernels/java" "$kernels/java-trialbook-classpath"
  cp -f "$jjava_home/jjava.jar" "$jjava_home/jjava-launcher.jar" "$kernels/java/"
  plain_jjava() { # $1: display name, $2: env entries
    cat <<JSON
{
  "argv": ["$java_bin", "-jar", "$kernels/java/jjava-launcher.jar", "$kernels/java/jjava.jar", "{connection_file}"],
  "display_name": "$1",
  "language": "java",
  "interrupt_mode": "message",
  "env": {$2}
}
JSON
  }
  plain_jjava "Java (jjava)" "" > "$kernels/java/kernel.json"
  # The same with only the Trialbook jar on JJAVA_CLASSPATH, as a researcher would add it.
  cp -f "$jars/trialbook-kernel-ext-all.jar" "$kernels/java-trialbook-classpath/"
  plain_jjava "Java (jjava) + Trialbook jar" \
    "\"JJAVA_CLASSPATH\": \"$kernels/java-trialbook-classpath/trialbook-kernel-ext-all.jar\"" \
    > "$kernels/java-trialbook-classpath/kernel.json"
  # The Trialbook kernel: JJava with the jar on JJAVA_CLASSPATH and the default imports.
  "$java_bin" -jar "$jars/trialbook-kernel-ext-all.jar" install-kernel --kernel jjava \
    --prefix "$target" --kernel-jar "$jjava_home/jjava.jar" --name trialbook-jjava >&2
fi

cat <<ENV
export JUPYTER_PATH="$target/share/jupyter"
export JUPYTER_DATA_DIR="$target/data"
export JUPYTER_CONFIG_DIR="$target/config"
export JUPYTER_RUNTIME_DIR="$target/runtime"
export TRIALBOOK_PYTHON="$PYTHON"
ENV
