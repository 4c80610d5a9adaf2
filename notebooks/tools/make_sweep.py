"""Writes notebooks/sweep.ipynb (no outputs)."""
from common import Book, IMPORTS

b = Book()
b.md("""
# A sweep of an external program

A parameter grid becomes configs with unique, file-safe names; each case runs a program in its own directory
(`runs/sweep/cases/<config>/<input>/`) with its own `tmp/`, the batch's identity in its environment and thread caps.
Exit codes and required files are checked, stopping the batch ends every process it started, and the audit
says case by case what is there and what is missing.
""")
b.code("""
int workers = 2;
int sleepMs = 400;
""", tags=["parameters"])
b.code(IMPORTS + """
import io.github.trialbook.sweep.Sweep;
import io.github.trialbook.process.ProcessStage;
""")
b.md("""
## The program
A stand-in for a simulation: it reads its parameters from the environment, logs progress to stderr, and writes
`out/summary.json` and `out/series/*.csv`. Cases with `T = 400` and `eps = 1.0` diverge and exit 3.
""")
b.code("""
Path script = Path.of("runs", "sim.sh").toAbsolutePath();
Files.createDirectories(script.getParent());
Files.writeString(script, String.join("\\n",
    "#!/bin/sh",
    "echo \\"T=$TRIALBOOK_PARAM_T eps=$TRIALBOOK_PARAM_EPS seed=$TRIALBOOK_SEED threads=$OMP_NUM_THREADS\\" >&2",
    "sleep " + (sleepMs / 1000.0),
    "if [ \\"$TRIALBOOK_PARAM_T\\" = 400 ] && [ \\"$TRIALBOOK_PARAM_EPS\\" = 1.0 ]; then echo 'diverged at step 17' >&2; exit 3; fi",
    "mkdir -p out/series",
    "echo '{\\"T\\": '$TRIALBOOK_PARAM_T'}' > out/summary.json",
    "echo step,value > out/series/run.csv",
    "echo 'done' >&2", ""));
script.toFile().setExecutable(true);
Path runDir = Path.of("runs", "sweep");
if (Files.exists(runDir)) {   // a fresh run each time the notebook is executed
    try (var walk = Files.walk(runDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
""")
b.md("## The sweep: 3 × 2 points, names made from the values")
b.code("""
var points = Sweep.grid(Map.of("T", List.of(300, 350, 400), "eps", List.of(0.1, 1.0))).configs();
points.stream().map(Config::name).toList()
""")
b.code("""
var spec = batch("sweep", List.of("seed1", "seed2"), s -> s)
    .configs(points)
    .stage("sim", ProcessStage.command(t -> List.of(script.toString()))
        .require("out/summary.json", "out/series/*.csv")
        .killGrace(Duration.ofSeconds(1))
        .build())
    .parallelism(workers)
    .runDir(runDir)
    .build();
""")
b.md("""
## Watch it, then stop it
Headless we cannot press ■, so the batch is started in the background: the live view shows each running
process's pid and the last line of its stderr. Cancelling (what ■ does during `runBatch`) ends every process.
""")
b.code("""
var handle = startBatch(spec);
while (handle.progress().doneTrials() < 2
        || handle.progress().running().stream().noneMatch(r -> r.note() != null && r.note().contains(" · "))) {
    Thread.sleep(20);
}
handle
""")
b.code("""
var pids = new ArrayList<Long>();   // the running programs, from the run directory's process records
for (var record : Files.list(runDir.resolve("processes")).toList()) {
    Files.readAllLines(record).stream().skip(1).forEach(l -> pids.add(Long.parseLong(l.split(" ")[0])));
}
handle.cancel();
var partial = handle.await();
"stopped: " + partial.isCancelled() + ", " + partial.ok() + " ok; processes still running: "
    + pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).count()
""")
b.md("## Resume: only the unfinished cases run")
b.code("""
var r = runBatch(spec);
r
""")
b.md("One column per axis, so grouping needs no name parsing:")
b.code("""
r.table().selectColumns("config", "T", "eps", "input_id", "status", "sim.exitCode", "sim.elapsedMs").first(6)
""")
b.md("""
## The audit
Expected cases come from the manifest; files are checked on disk now. Delete one artifact to see it reported.
""")
b.code("""
Files.delete(runDir.resolve("cases/T300_eps0p1/seed1/out/summary.json"));
var a = audit(runDir);
a
""")
b.code("""
a.isComplete() + ": " + a.expectedCases() + " expected, " + a.failedCases() + " failed, " + a.missingFilesTotal() + " missing files"
""")
b.write("sweep.ipynb")
