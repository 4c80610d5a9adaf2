"""Writes notebooks/metrics-tour.ipynb (no outputs)."""
from common import Book, LOAD, MODELS

b = Book()
b.md("""
# Metrics tour: every metric and chart on one batch

The same data and models as the quickstart, evaluated with Trialbook's metrics (scikit-learn's definitions)
and charts (XChart, PNG). Every object below renders itself as a cell's value.

Imports go in the first code cell: JShell resets earlier variables when a later cell adds an import.
""")
b.code("""
int maxInputs = 300;
int delayMs = 5;
int workers = 4;
""", tags=["parameters"])
b.code(LOAD)
b.code(MODELS)
b.code("""
var spec = batch("metrics-tour", samples, Sample::id)
    .configs(Config.of("radius"), Config.of("concavity"), Config.of("combined"))
    .stage("screen", t -> { Thread.sleep(delayMs); return screen(t.input()); })
    .stage("review", t -> { Thread.sleep(delayMs); return review(t.input(), t.config().name()); })
    .parallelism(workers)
    .noCheckpoint()
    .build();
var result = runBatch(spec);
""")
b.md("The results table gets the ground truth by joining on `input_id`.")
b.code("""
StringColumn ids = StringColumn.create("input_id");
StringColumn labels = StringColumn.create("truth");
samples.forEach(s -> { ids.append(s.id()); labels.append(s.malignant() ? "malignant" : "benign"); });
Table t = result.table().joinOn("input_id").inner(Table.create("truth", ids, labels));
t.rowCount()
""")
b.md("## Classification report by config (precision, recall, F1, support; micro/macro/weighted averages)")
b.code("""
var report = classification(t, "truth", "review.label").by("config");
report
""")
b.md("## Stage 1 (screen) vs final (review): deltas and McNemar's test")
b.code("""
compare(t, "truth", "screen.label", "review.label").positiveLabel("malignant")
""")
b.md("## Two configs on the same inputs")
b.code("""
compareConfigs(t, "truth", "review.label", "radius", "combined").positiveLabel("malignant")
""")
b.md("## Confusion matrix")
b.code("""
var confusionMatrix = confusion(t.where(t.stringColumn("config").isEqualTo("combined")), "truth", "review.label");
confusionMatrix
""")
b.code("""
io.github.trialbook.chart.ConfusionHeatMap.of(confusionMatrix)
""")
b.md("## Precision-recall and ROC curves per config")
b.code("""
Map<String, io.github.trialbook.eval.PrecisionRecallCurve> prCurves = new LinkedHashMap<>();
Map<String, io.github.trialbook.eval.RocCurve> rocCurves = new LinkedHashMap<>();
for (String c : List.of("radius", "concavity", "combined")) {
    Table one = t.where(t.stringColumn("config").isEqualTo(c));
    prCurves.put(c, precisionRecall(one, "truth", "review.score").positiveLabel("malignant"));
    rocCurves.put(c, roc(one, "truth", "review.score").positiveLabel("malignant"));
}
io.github.trialbook.chart.PrecisionRecallChart.of(prCurves)
""")
b.code("""
io.github.trialbook.chart.RocChart.of(rocCurves)
""")
b.md("## Threshold sweep of the combined model")
b.code("""
thresholds(t.where(t.stringColumn("config").isEqualTo("combined")), "truth", "review.score").positiveLabel("malignant")
""")
b.md("## F1 by config, latency and throughput")
b.code("""
io.github.trialbook.chart.MetricBarChart.of(report, "f1")
""")
b.code("""
io.github.trialbook.chart.LatencyHistogram.of(result.table(), "screen_ms", "review_ms")
""")
b.code("""
io.github.trialbook.chart.ThroughputChart.of(result.table())
""")
b.write("metrics-tour.ipynb")
