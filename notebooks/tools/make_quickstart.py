"""Writes notebooks/quickstart.ipynb (no outputs)."""
from common import Book, LOAD, MODELS

b = Book()
b.md("""
# Trialbook quickstart: 3 configs × 300 inputs in 30 seconds

A batch runs every **config** over every **input**; each trial runs **stages** in order. While it runs, the cell
shows a live view (progress by stage, counts, rate and ETA, one line per config, running tasks, latest failures).
When it ends, the results are a Tablesaw table, and metrics and charts are built from it.

Data: the Breast Cancer Wisconsin (Diagnostic) data set (UCI, CC BY 4.0; copied from scikit-learn, see
`data/LICENSE.txt`). The "models" are three small scoring rules with a simulated latency, standing in for real ones.

Imports go in the first code cell: JShell resets earlier variables when a later cell adds an import.
""")
b.code("""
int maxInputs = 300;   // samples of the data set to evaluate
int delayMs = 15;      // simulated model latency per stage, so the live view has time to show
int workers = 4;       // trials run in parallel
""", tags=["parameters"])
b.code(LOAD)
b.md("""
## The models under test
Stage `screen` is a cheap first look shared by every config (mean radius only). Stage `review` is the config's own
model. `combined` talks to a flaky "server" that is busy on the first attempt for some inputs (retried), and one
slide is unreadable for `concavity` (a recorded failure; its message is shown escaped).
""")
b.code(MODELS)
b.code("""
var spec = batch("quickstart", samples, Sample::id)
    .configs(Config.of("radius"), Config.of("concavity"), Config.of("combined"))
    .stage("screen", t -> { Thread.sleep(delayMs); return screen(t.input()); })
    .stage("review", t -> {
        Thread.sleep(delayMs);
        String model = t.config().name();
        if (model.equals("combined") && t.inputId().endsWith("7") && t.attempt() == 1) {
            throw new java.io.IOException("model server busy (simulated)");
        }
        if (model.equals("concavity") && t.inputId().equals("s013")) {
            throw new IllegalArgumentException("unreadable slide <script>alert(1)</script> (simulated)");
        }
        return review(t.input(), model);
    })
    .retry(Retry.exponential(3, Duration.ofMillis(10), Duration.ofMillis(50)))
    .parallelism(workers)
    .noCheckpoint()
    .build();
""")
b.md("## Run it: the live view updates in place while the cell runs")
b.code("""
var result = runBatch(spec);
""")
b.code("""
result
""")
b.md("## One row per trial (with the ground truth joined on `input_id`)")
b.code("""
StringColumn ids = StringColumn.create("input_id");
StringColumn labels = StringColumn.create("truth");
samples.forEach(s -> { ids.append(s.id()); labels.append(s.malignant() ? "malignant" : "benign"); });
Table table = result.table().joinOn("input_id").inner(Table.create("truth", ids, labels));
table
""")
b.md("## Classification report by config")
b.code("""
classification(table, "truth", "review.label").dropMissing().by("config")
""")
b.md("## Stage 1 (screen) vs final (review)")
b.code("""
compare(table, "truth", "screen.label", "review.label").positiveLabel("malignant").dropMissing()
""")
b.md("## Precision-recall curves of the review scores")
b.code("""
Map<String, io.github.trialbook.eval.PrecisionRecallCurve> curves = new LinkedHashMap<>();
for (String c : List.of("radius", "concavity", "combined")) {
    curves.put(c, precisionRecall(table.where(table.stringColumn("config").isEqualTo(c)), "truth", "review.score")
        .positiveLabel("malignant").dropMissing());
}
io.github.trialbook.chart.PrecisionRecallChart.of(curves)
""")
b.write("quickstart.ipynb")
