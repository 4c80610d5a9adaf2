"""Writes notebooks/resume-and-rerun.ipynb (no outputs)."""
from common import Book, LOAD, MODELS

b = Book()
b.md("""
# Interrupt, resume, rerun

A batch with a run directory checkpoints every finished trial. Stop it (the ■ button during `runBatch`, or
`cancel()` on a started batch), run the same spec again and it resumes: finished trials are not run again.
Rerun the failures, or one config; every outcome is kept in the history, the table shows the latest.

Imports go in the first code cell: JShell resets earlier variables when a later cell adds an import.
""")
b.code("""
int maxInputs = 120;
int delayMs = 20;
int workers = 2;
""", tags=["parameters"])
b.code(LOAD)
b.code(MODELS)
b.code("""
Path runDir = Path.of("runs", "resume-and-rerun");
if (Files.exists(runDir)) {   // a fresh run each time the notebook is executed
    try (var walk = Files.walk(runDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
Set<String> outageSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
var spec = batch("resume-and-rerun", samples, Sample::id)
    .configs(Config.of("radius"), Config.of("combined"))
    .stage("screen", t -> { Thread.sleep(delayMs); return screen(t.input()); })
    .stage("review", t -> {
        Thread.sleep(delayMs);
        // a transient outage: the first time each of these trials runs, it fails
        if (t.inputId().endsWith("3") && outageSeen.add(t.key())) {
            throw new IllegalStateException("model endpoint unavailable (simulated)");
        }
        return review(t.input(), t.config().name());
    })
    .parallelism(workers)
    .runDir(runDir)
    .build();
""")
b.md("""
## Stop it half-way
Headless we cannot press ■, so the batch is started in the background and cancelled after a second: the same
as an interrupt during `runBatch`. The finished trials are on disk.
""")
b.code("""
var handle = startBatch(spec);
Thread.sleep(1500);
handle.cancel();
var partial = handle.await();
partial
""")
b.code("""
partial.isCancelled() + ": " + partial.ok() + " ok, " + partial.cancelled() + " cancelled, " + partial.notStarted() + " not started"
""")
b.md("## Resume: the same spec runs only what is missing")
b.code("""
var resumed = runBatch(spec);
resumed
""")
b.md("## Rerun the failures (the outage is over)")
b.code("""
var afterFailures = rerun(spec, Select.failed());
afterFailures
""")
b.md("## Rerun one config; the history keeps every outcome")
b.code("""
var afterConfig = rerun(spec, Select.configs("radius"));
afterConfig.history("radius/s003").size() + " outcomes of radius/s003, latest: " + afterConfig.record("radius/s003").get().status()
""")
b.md("## Open the run from disk, without running anything")
b.code("""
var stored = open(runDir);
stored.table().rowCount() + " trials, " + stored.ok() + " ok"
""")
b.write("resume-and-rerun.ipynb")
