"""Writes notebooks/spark.ipynb (no outputs)."""
from common import Book

b = Book()
b.md("""
# Past one machine: the same batch on Apache Spark

`SparkRunner.on(spark).runBatch(spec)` runs a spec's trials on Spark executors: the same spec, the same run
directory (resume, reruns, `open`, reports), the same live view. The driver (this kernel) is the only writer of
the checkpoint; each trial is recorded once, even when an executor is lost and a task runs again.

**The kernel.** A notebook kernel is the Spark driver, so it needs Spark's jars on its class path and Spark's
Java 17 flags. `install-kernel` writes such a kernelspec from a Spark 3.5 (Scala 2.13) home:

```bash
java -jar trialbook-kernel-ext-0.1.0-all.jar install-kernel --kernel rapaio --name trialbook-rapaio-spark \\
    --spark-home $SPARK_HOME --spark-jar trialbook-spark-0.1.0.jar      # also --kernel ijava|jjava --kernel-jar ...
```

Spark's jars go first on the kernel's class path (Spark's Jackson 2.15 is the one loaded), and `SPARK_HOME` is
set, from which `local-cluster[2,1,1024]` starts two real executor JVMs here, as a cluster would. The executors
get Trialbook's two jars from the driver (`SparkRunner` adds them to the context) and the classes of this
notebook's cells through Spark's REPL class server (`SparkRunner.configure`): JShell keeps them in memory only.

Imports go in the first code cell: JShell resets earlier variables when a later cell adds an import.
""")
b.code("""
import java.nio.file.*;
import java.util.*;
import io.github.trialbook.batch.*;
import io.github.trialbook.spark.SparkRunner;
import org.apache.spark.sql.SparkSession;
""")
b.code("""
String master = "local-cluster[2,1,1024]";   // 2 executor JVMs of 1 core and 1 GB; or spark://host:7077
String runDir = "runs/spark";                // the run directory, on the driver
int inputs = 120;
""", tags=["parameters"])
b.md("""
## The work, defined in cells

A record for the inputs, one for a stage's output and a function: classes that exist only in this kernel's JShell.
Inputs (and config params) travel to the executors, so they are `Serializable`.
""")
b.code("""
record Doc(String id, String text) implements java.io.Serializable {}
record Score(int words, int vowels) implements java.io.Serializable {}

Score score(Doc d) {
    int vowels = 0;
    for (char c : d.text().toCharArray()) {
        vowels += "aeiou".indexOf(c) >= 0 ? 1 : 0;
    }
    return new Score(d.text().split(" ").length, vowels);
}

List<Doc> docs = new ArrayList<>();
for (int i = 0; i < inputs; i++) {
    docs.add(new Doc(String.format("d%03d", i), "lorem ipsum dolor ".repeat(i % 7 + 1).strip()));
}
docs.size() + " docs"
""")
b.md("""
## A Spark session whose executors can load this notebook's classes

`SparkRunner.configure` sets `spark.repl.class.outputDir` before the context starts; before each job the classes
the spec uses are written there and the executors fetch them from the driver.
""")
b.code("""
SparkSession spark = SparkRunner.configure(SparkSession.builder())
    .master(master)
    .appName("trialbook-notebook")
    .config("spark.ui.enabled", "false")   // the web UI (port 4040) left out to start faster
    .getOrCreate();
spark.sparkContext().master() + ", Spark " + spark.version()
""")
b.md("""
## The spec: stages are lambdas of this notebook

A stage runs on an executor, where the cells' **top-level variables do not exist** (JShell keeps them as static
fields of its classes, and only the classes travel): what a stage needs comes from its input and its config's
params. Here a config param names a file that stands for a transient outage: while it exists, the inputs ending
in 7 fail (one machine, so driver and executors see the same file).
""")
b.code("""
Path outage = Files.createDirectories(Path.of(runDir).toAbsolutePath().getParent()).resolve("spark-outage");
Files.writeString(outage, "down");
if (Files.exists(Path.of(runDir))) {   // a fresh run each time the notebook is executed
    try (var walk = Files.walk(Path.of(runDir))) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
var spec = batch("spark", docs, Doc::id)
    .configs(Config.of("short", Map.of("max", 6, "outage", outage.toString())),
             Config.of("long", Map.of("max", 12, "outage", outage.toString())))
    .stage("score", t -> score(t.input()))
    .stage("label", t -> {
        if (t.inputId().endsWith("7") && Files.exists(Path.of(t.config().param("outage", String.class)))) {
            throw new IllegalStateException("model store unavailable (simulated)");
        }
        Score s = t.output("score");
        return s.words() > t.config().param("max", Integer.class) ? "long" : "short";
    })
    .runDir(Path.of(runDir))
    .build();
""")
b.md("## Run it on the executors")
b.code("""
var result = SparkRunner.on(spark).runBatch(spec);
result
""")
b.code("""
result.table()
""")
b.code("""
result.ok() + " ok, " + result.failed() + " failed of " + result.records().size() + " trials, on executors "
    + new TreeSet<>(result.records().stream().map(r -> r.worker()).toList())
""")
b.md("## The outage is over: rerun the failures, on Spark too")
b.code("""
Files.delete(outage);
var rerun = SparkRunner.on(spark).rerun(spec, Select.failed());
rerun.ok() + " ok, " + rerun.failed() + " failed of " + rerun.records().size() + " trials"
""")
b.md("## A run made by Spark is a run like any other")
b.code("""
var stored = open(Path.of(runDir));
stored.table().rowCount() + " trials, " + stored.ok() + " ok; short/d007: " + stored.history("short/d007").size()
    + " outcomes, latest " + stored.record("short/d007").get().status() + " " + stored.record("short/d007").get().output("label")
""")
b.code("""
spark.stop();
""")
b.write("spark.ipynb", "trialbook-rapaio-spark", "Java + Trialbook + Spark (rapaio)")
