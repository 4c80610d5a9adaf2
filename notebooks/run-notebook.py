"""Executes one notebook headless in a Jupyter kernel and writes the executed copy.

usage: run-notebook.py IN.ipynb OUT.ipynb [--html OUT.html] [--kernel NAME] [--timeout S]
                       [--param NAME=JAVA_LITERAL ...]

Outputs already in IN are stripped first. Parameters become a cell placed right after the cell
tagged `parameters` (as papermill does), so a notebook can be re-run with other values. Exits 1
when a cell fails, after writing OUT with the error in it.
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main():
    p = argparse.ArgumentParser()
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("--html")
    p.add_argument("--kernel", default="trialbook-rapaio")
    p.add_argument("--timeout", type=int, default=300)
    p.add_argument("--param", action="append", default=[])
    a = p.parse_args()

    nb = nbformat.read(a.source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    if a.param:
        lines = []
        for item in a.param:
            name, _, value = item.partition("=")
            lines.append(f"{name} = {value};")
        at = next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), -1)
        injected = nbformat.v4.new_code_cell("\n".join(lines))
        injected.metadata["tags"] = ["injected-parameters"]
        nb.cells.insert(at + 1, injected)

    # the kernel starts in the notebook's folder, so relative paths such as data/... work
    workdir = os.path.dirname(os.path.abspath(a.source))
    failed = None
    for attempt in range(3):
        client = NotebookClient(nb, kernel_name=a.kernel, timeout=a.timeout, allow_errors=False,
                                record_timing=True, startup_timeout=30,
                                resources={"metadata": {"path": workdir}})
        try:
            client.execute(stdout=sys.stderr)  # the kernel's own log stays off our stdout
            break
        except CellExecutionError as e:
            failed = e
            break
        except RuntimeError as e:
            # a kernel that never answered kernel_info (a Rapaio kernel started without
            # RapaioKernelMain can lose its shell loop): start another
            if "respond" not in str(e) and "died" not in str(e) or attempt == 2:
                raise
            print(f"run-notebook: kernel did not start ({e}); retrying", file=sys.stderr)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = []
    nbformat.write(nb, a.target)
    if a.html:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        with open(a.html, "w", encoding="utf-8") as f:
            f.write(body)
    if failed is not None:
        print(f"cell failed in {a.source}:\n{failed}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
