#!/usr/bin/env bash
# The demo: builds the Trialbook jar, sets up a private Jupyter with the Rapaio kernel and the
# Trialbook kernelspec (Debian's Jupyter when missing and root; else use environment.yml), runs
# quickstart.ipynb headless and prints where its HTML is and how to open it in JupyterLab.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

echo "[1/3] building the jar (mvn package)" >&2
(cd "$root" && mvn -q -B -pl notebooks -am verify -DskipTests)

echo "[2/3] setting up Jupyter under notebooks/target/jupyter" >&2
eval "$("$here/setup-jupyter.sh")"

echo "[3/3] running quickstart.ipynb in the Trialbook kernel" >&2
out="$here/target/demo"
mkdir -p "$out"
"$TRIALBOOK_PYTHON" "$here/run-notebook.py" "$here/quickstart.ipynb" "$out/quickstart.ipynb" \
  --html "$out/quickstart.html"

echo
echo "quickstart executed: $out/quickstart.html"
echo "open it in JupyterLab (conda env 'trialbook', or any Jupyter with the same variables):"
echo "  JUPYTER_PATH=$JUPYTER_PATH JUPYTER_DATA_DIR=$JUPYTER_DATA_DIR jupyter lab $here/quickstart.ipynb"
