"""Writes notebooks/live-metrics.ipynb (no outputs)."""
from common import Book, LOAD, MODELS

b = Book()
b.md("""
# Know the answer before the batch ends: live metrics, early stops, a pilot and a budget

Four models of the Breast Cancer Wisconsin data set are evaluated while the batch runs. The live view shows, per
config, accuracy, precision, recall and F1 of *malignant*, each with a **95 % anytime-valid interval**: an interval
that stays honest however often you look at it, so stopping on it is not the peeking error. One config is a broken
model; the batch stops it early once its F1 is surely behind the leader, and records its unstarted trials as
`stopped` (a rerun completes them). A pilot first runs 5 % of the inputs and forecasts the wall time and the final
intervals; its trials are kept. Data: UCI, CC BY 4.0 (see `data/LICENSE.txt`).
""")
b.code("""
int maxInputs = 569;   // samples of the data set
int delayMs = 2;       // simulated model latency
int workers = 4;
""", tags=["parameters"])
b.code(LOAD.rstrip() + """
import io.github.trialbook.Select;
""")
b.code(MODELS.rstrip() + """

// a model with a bug: it answers from the sample id, not from the slide
Map<String, Object> broken(Sample s) {
    return verdict(s.id().hashCode() % 3 == 0 ? 0.9 : 0.1);
}
""")
b.code("""
Path runDir = Path.of("runs", "live-metrics");
if (Files.exists(runDir)) {   // a fresh run each time the notebook is executed
    try (var walk = Files.walk(runDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
var spec = batch("live-metrics", samples, Sample::id)
    .configs(Config.of("radius"), Config.of("concavity"), Config.of("combined"), Config.of("broken"))
    .stage("review", t -> {
        Thread.sleep(delayMs);
        String model = t.config().name();
        return model.equals("broken") ? broken(t.input()) : review(t.input(), model);
    })
    .evaluate(Evaluate.<Sample>classification(s -> s.malignant() ? "malignant" : "benign", "review.label")
        .positiveLabel("malignant"))
    .order(Order.shuffled(7))                                  // a fair sample at every moment
    .earlyStop(EarlyStop.whenBehind("f1").confidence(0.95).minTrials(50))
    .parallelism(workers)
    .runDir(runDir)
    .build();
""")
b.md("""
## A pilot: 5 % of the inputs, then a forecast
The queue is simulated from the measured latencies (with the parallelism and resource limits) to give the wall time
with an 80 % interval; the final intervals of each metric are projected from the pilot's.
""")
b.code("""
var forecast = pilot(spec, 0.05);
forecast
""")
b.md("""
## The batch: the pilot's trials are kept, the rest runs with live metrics
Watch the metrics table under the progress bar: `broken` is stopped as soon as its F1 is behind the leader's with
95 % confidence; its running trials finish, its other trials are recorded `stopped` with the reason.
""")
b.code("""
var result = runBatch(spec);
""")
b.code("""
result.metrics()
""")
b.code("""
result.table().stringColumn("status").countOccurrences("stopped") + " trials stopped early; resumed from the pilot: "
    + result.progress().resumedTrials()
""")
b.md("""
## Nothing is lost: a rerun of the stopped trials completes `broken`
""")
b.code("""
var completed = rerun(spec, Select.stopped());
completed.metrics().selectColumns("config", "evaluated", "f1", "f1_low", "f1_high", "f1_fixed_low", "f1_fixed_high", "state")
""")
b.md("""
## A budget
Stage outputs that report `Usage` (the endpoint pool's answers do, priced by `Endpoint.builder(...).price(...)`) are
summed per config. With `Budget.usd(...)` the batch stops taking trials once spent plus the expected cost of the running
trials reaches it, and ends cancelled: resumable with a larger budget.
""")
b.code("""
record Answer(String label, int totalTokens, double costUsd) implements Usage {}

var paid = batch("budgeted", samples, Sample::id)
    .stage("llm", t -> { Thread.sleep(delayMs); return new Answer("benign", 120, 0.001); })
    .budget(Budget.usd(0.05))
    .parallelism(workers)
    .noCheckpoint()
    .build();
var spent = runBatch(paid);
spent
""")
b.write("live-metrics.ipynb")
