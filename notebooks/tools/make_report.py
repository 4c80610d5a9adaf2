"""Writes notebooks/report.ipynb (no outputs)."""
from common import Book, DATA, IMPORTS, MODELS

b = Book()
b.md("""
# Evaluation report: screening models on the Breast Cancer Wisconsin data

A report notebook reads its numbers from a **run directory**, so executing it again gives the same report: the
batch cell resumes the run (nothing finished runs twice) and every table below comes from the checkpoint.
Re-run it headless with other parameters, as papermill would:

```bash
/usr/bin/python3 notebooks/run-notebook.py notebooks/report.ipynb out.ipynb --html report.html \\
    --param 'runDir="runs/report-300"' --param maxInputs=300
```

Imports go in the first code cell: JShell resets earlier variables when a later cell adds an import.
""")
# imports first: in Rapaio 3.0.1 a later on-demand import (io.github.trialbook.batch.*,
# java.util.function.*) resets String variables declared before it, parameters included
b.code(IMPORTS)
b.code("""
String runDir = "runs/report";   // the run directory: the report reads its numbers from here
int maxInputs = 300;             // samples of the data set
""", tags=["parameters"])
b.code(DATA)
b.code(MODELS)
b.md("## Run, or resume, the evaluation")
b.code("""
var spec = batch("report", samples, Sample::id)
    .configs(Config.of("radius"), Config.of("concavity"), Config.of("combined"))
    .stage("screen", t -> screen(t.input()))
    .stage("review", t -> review(t.input(), t.config().name()))
    .parallelism(2)
    .runDir(Path.of(runDir))
    .build();
var run = runBatch(spec);
run.ok() + " ok of " + run.records().size() + " trials; run directory " + run.runDir().orElseThrow()
""")
b.md("## What was evaluated (from the run directory)")
b.code("""
var stored = open(Path.of(runDir));
var manifest = io.github.trialbook.store.StoredRun.open(Path.of(runDir)); // what the run directory recorded
String.format("batch %s, %s: %d configs %s × %d inputs, stages %s, %d ok, %d failed",
    manifest.batch(), manifest.status().label(), manifest.configs().size(),
    manifest.configs().stream().map(Config::name).toList(), stored.table().column("input_id").countUnique(),
    manifest.stageNames(), stored.ok(), stored.failed())
""")
b.code("""
StringColumn ids = StringColumn.create("input_id");
StringColumn labels = StringColumn.create("truth");
samples.forEach(s -> { ids.append(s.id()); labels.append(s.malignant() ? "malignant" : "benign"); });
Table table = stored.table().joinOn("input_id").inner(Table.create("truth", ids, labels));
table.rowCount() + " rows with ground truth"
""")
b.md("## Precision, recall and F1 by config")
b.code("""
classification(table, "truth", "review.label").positiveLabel("malignant").by("config")
""")
b.md("## Is `combined` better than `radius`? (paired on the same inputs, McNemar)")
b.code("""
compareConfigs(table, "truth", "review.label", "radius", "combined").positiveLabel("malignant")
""")
b.md("## Confusion matrix of `combined`")
b.code("""
confusion(table.where(table.stringColumn("config").isEqualTo("combined")), "truth", "review.label")
""")
b.md("## ROC of the review scores")
b.code("""
io.github.trialbook.chart.RocChart.of(
    roc(table, "truth", "review.score").positiveLabel("malignant").by("config"))
""")
b.md("""
## The whole report, as one file

The same numbers as a page a reviewer without Jupyter can open: run summary, worker utilisation, throughput,
latency per stage, failures and the metrics above, with the truth joined from the table of this notebook.
""")
b.code("""
var report = stored.report().truth(table.selectColumns("input_id", "truth"), "input_id", "truth")
    .classification("truth", "review.label").by("config").title("Screening report");
report.writeHtml(Path.of(runDir, "report.html"));
report
""")
b.write("report.ipynb")
