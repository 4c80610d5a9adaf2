"""Writes notebooks/quickstart.ipynb (no outputs). Kept so the notebook's source stays reviewable as code."""
import nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell

cells = []
md = lambda s: cells.append(new_markdown_cell(s.strip()))
def code(s, tags=None):
    c = new_code_cell(s.strip())
    if tags:
        c.metadata["tags"] = tags
    cells.append(c)

md("""
# Trialbook quickstart: 3 configs × 300 inputs in 30 seconds

A batch runs every **config** over every **input**; each trial runs **stages** in order. While it runs, the cell
shows a live view (progress by stage, counts, rate and ETA, one line per config, running tasks, latest failures).
When it ends, the results are a Tablesaw table, and metrics and charts are built from it.

Data: the Breast Cancer Wisconsin (Diagnostic) data set (UCI, CC BY 4.0; copied from scikit-learn, see
`data/LICENSE.txt`). The "models" are three small scoring rules with a simulated latency, standing in for real ones.
""")
code("""
int maxInputs = 300;   // samples of the data set to evaluate
int delayMs = 15;      // simulated model latency per stage, so the live view has time to show
int workers = 4;       // trials run in parallel
""", tags=["parameters"])
code("""
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import io.github.trialbook.batch.*;
import tech.tablesaw.api.*;

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
""")
md("""
## The models under test
Stage `screen` is a cheap first look shared by every config (mean radius only). Stage `review` is the config's own
model. `combined` talks to a flaky "server" that is busy on the first attempt for some inputs (retried), and one
slide is unreadable for `concavity` (a recorded failure; its message is shown escaped).
""")
code("""
double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }

Map<String, Object> screen(Sample s) {
    double score = sigmoid((s.meanRadius() - 14.0) / 1.5);
    return Map.of("score", score, "malignant", score >= 0.5);
}

Map<String, Object> review(Sample s, String model) {
    double radius = (s.meanRadius() - 15.0) / 1.5;
    double concave = (s.worstConcavePoints() - 0.14) / 0.025;
    double area = (s.worstArea() - 880) / 150;
    double z = switch (model) {
        case "radius" -> radius;
        case "concavity" -> concave;
        default -> (radius + concave + area) / 3;
    };
    double score = sigmoid(z);
    return Map.of("score", score, "malignant", score >= 0.5);
}
""")
code("""
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
    .build();
""")
md("## Run it: the live view updates in place while the cell runs")
code("""
var result = runBatch(spec);
""")
code("""
result
""")
md("## One row per trial")
code("""
Table table = result.table();
table
""")
md("## Classification report by config (positive class: malignant)")
code("""
Map<String, Boolean> truth = new HashMap<>();
samples.forEach(s -> truth.put(s.id(), s.malignant()));

/** Precision, recall, F1 and support of the boolean column {@code predicted}, per config. */
Table report(Table t, String predicted) {
    Map<String, int[]> counts = new TreeMap<>();   // tp, fp, fn, tn
    for (int i = 0; i < t.rowCount(); i++) {
        if (t.column(predicted).isMissing(i)) continue;
        boolean p = t.booleanColumn(predicted).get(i);
        boolean y = truth.get(t.stringColumn("input_id").get(i));
        int[] c = counts.computeIfAbsent(t.stringColumn("config").get(i), k -> new int[4]);
        c[p && y ? 0 : p ? 1 : y ? 2 : 3]++;
    }
    StringColumn config = StringColumn.create("config");
    DoubleColumn precision = DoubleColumn.create("precision"), recall = DoubleColumn.create("recall"),
        f1 = DoubleColumn.create("f1");
    IntColumn support = IntColumn.create("support");
    counts.forEach((name, c) -> {
        double pr = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
        double re = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
        config.append(name);
        precision.append(Math.round(pr * 1000) / 1000.0);
        recall.append(Math.round(re * 1000) / 1000.0);
        f1.append(pr + re == 0 ? 0 : Math.round(2 * pr * re / (pr + re) * 1000) / 1000.0);
        support.append(c[0] + c[2]);
    });
    return Table.create("report: " + predicted, config, precision, recall, f1, support);
}

Table finalReport = report(table, "review.malignant");
finalReport
""")
md("## Stage 1 (screen) vs final (review)")
code("""
Table screenReport = report(table, "screen.malignant");
Table comparison = Table.create("screen vs review F1", finalReport.stringColumn("config"),
    screenReport.doubleColumn("f1").copy().setName("screen_f1"),
    finalReport.doubleColumn("f1").copy().setName("review_f1"));
comparison.addColumns(comparison.doubleColumn("review_f1").subtract(comparison.doubleColumn("screen_f1"))
    .map(d -> Math.round(d * 1000) / 1000.0).setName("delta"));
comparison
""")
md("## Precision-recall curves of the review scores")
code("""
import org.knowm.xchart.*;

XYChart pr = new XYChartBuilder().width(560).height(400).title("Precision-recall (review)")
    .xAxisTitle("recall").yAxisTitle("precision").build();
for (String name : List.of("radius", "concavity", "combined")) {
    List<double[]> scored = new ArrayList<>();   // score, truth
    for (int i = 0; i < table.rowCount(); i++) {
        if (!table.stringColumn("config").get(i).equals(name) || table.column("review.score").isMissing(i)) continue;
        scored.add(new double[] {table.doubleColumn("review.score").get(i),
            truth.get(table.stringColumn("input_id").get(i)) ? 1 : 0});
    }
    scored.sort((a, b) -> Double.compare(b[0], a[0]));
    double positives = scored.stream().filter(x -> x[1] == 1).count();
    double[] recall = new double[scored.size()], precision = new double[scored.size()];
    int tp = 0;
    for (int k = 0; k < scored.size(); k++) {
        tp += (int) scored.get(k)[1];
        recall[k] = tp / positives;
        precision[k] = tp / (double) (k + 1);
    }
    pr.addSeries(name, recall, precision).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
}
pr
""")

nb = new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "trialbook-rapaio", "display_name": "Java + Trialbook (rapaio)", "language": "java"}
nb.metadata["language_info"] = {"name": "java"}
nbformat.write(nb, "quickstart.ipynb")
