"""Shared cells of the example notebooks (their sources are generated so they stay reviewable).

Each make_*.py writes its notebook into notebooks/ (beside this folder), whatever the working
directory, or into the folder named by the TRIALBOOK_NOTEBOOK_OUT environment variable (the test
that checks the committed notebooks are what the scripts make). Cell ids are derived from the
cell's position, so the same script always writes the same bytes.
"""
import os

import nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell


class Book:
    def __init__(self):
        self.cells = []

    def md(self, s):
        self.cells.append(new_markdown_cell(s.strip()))

    def code(self, s, tags=None):
        c = new_code_cell(s.strip())
        if tags:
            c.metadata["tags"] = tags
        self.cells.append(c)

    def write(self, name, kernelspec="trialbook-rapaio", display_name="Java + Trialbook (rapaio)"):
        for i, c in enumerate(self.cells):
            c["id"] = "cell-%02d" % i
        nb = new_notebook(cells=self.cells)
        nb.metadata["kernelspec"] = {"name": kernelspec, "display_name": display_name, "language": "java"}
        nb.metadata["language_info"] = {"name": "java"}
        out = os.environ.get("TRIALBOOK_NOTEBOOK_OUT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        nbformat.write(nb, os.path.join(out, name))


IMPORTS = """
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import io.github.trialbook.batch.*;
import tech.tablesaw.api.*;
"""

DATA = """
record Sample(String id, double meanRadius, double worstArea, double worstConcavePoints, boolean malignant) {}

List<Sample> samples = new ArrayList<>();
List<String> lines = Files.readAllLines(Path.of("data/breast_cancer.csv"));
for (int i = 1; i < lines.size() && samples.size() < maxInputs; i++) {
    String[] f = lines.get(i).split(",");
    // columns 0, 23, 27: mean radius, worst area, worst concave points; column 30: 0 = malignant
    samples.add(new Sample(String.format("s%03d", i - 1), Double.parseDouble(f[0]), Double.parseDouble(f[23]),
        Double.parseDouble(f[27]), f[30].equals("0")));
}
System.out.println(samples.size() + " samples, " + samples.stream().filter(Sample::malignant).count() + " malignant");
"""

LOAD = IMPORTS.rstrip() + "\n" + DATA

MODELS = """
double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }

Map<String, Object> verdict(double score) {
    return Map.of("score", score, "label", score >= 0.5 ? "malignant" : "benign");
}

Map<String, Object> screen(Sample s) {
    return verdict(sigmoid((s.meanRadius() - 14.0) / 1.5));
}

Map<String, Object> review(Sample s, String model) {
    double radius = (s.meanRadius() - 15.0) / 1.5;
    double concave = (s.worstConcavePoints() - 0.14) / 0.025;
    double area = (s.worstArea() - 880) / 150;
    return verdict(sigmoid(switch (model) {
        case "radius" -> radius;
        case "concavity" -> concave;
        default -> (radius + concave + area) / 3;
    }));
}
"""
