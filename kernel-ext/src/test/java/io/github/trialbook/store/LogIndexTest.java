package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index a finished session leaves ({@code trials.idx}) gives the next open the same store as
 * reading every line: with lines appended after it (a crashed later session), and never when it
 * no longer fits the log (rewritten under it) or the spec (inputs reordered), or is damaged.
 */
class LogIndexTest {
  @TempDir
  Path tmp;

  private static final List<String> IDS = List.of("d0", "d1", "d2", "d3");

  private BatchSpec<String> spec(Path dir, List<String> ids) {
    return BatchSpec.<String>builder("idx", ids, s -> s).configs(Config.of("A"), Config.of("B"))
        .stage("s1", t -> null).stage("s2", t -> null).consoleProgress(false).runDir(dir)
        .continueOnMismatch(true).build();
  }

  /** Appends {@code records} through a checkpoint of {@code spec}; finishes it or not (a crash). */
  private static void session(BatchSpec<String> spec, boolean finish, TrialRecord... records) {
    Checkpoint cp = Checkpoint.open(spec, false);
    TrialStore store = cp.previous();
    long seq = cp.nextSeq();
    for (TrialRecord made : records) {
      TrialRecord r = new TrialRecord(made.config(), made.inputId(), made.status(), 0, seq++, 0,
          1, Fixtures.TWO_STAGES, new Object[] {made.output(0), made.output(1)}, new long[2],
          new int[2], made.error());
      int t = store.trialOf(r.config(), r.inputId());
      store.put(t, r);
      cp.sink().append(t, r);
    }
    cp.sink().close();
    if (finish) {
      cp.finish(false, store, List.of());
    } else {
      cp.close();
    }
  }

  /** Every trial's status, seq, first output and history length, as an open sees them. */
  private static List<String> view(BatchSpec<String> spec) {
    Checkpoint cp = Checkpoint.open(spec, false);
    try {
      TrialStore s = cp.previous();
      List<String> out = new ArrayList<>();
      for (int t = 0; t < s.trials(); t++) {
        TrialRecord r = s.get(t);
        out.add(r == null ? "-" : r.key() + " " + r.status() + " " + r.seq() + " " + r.output(0)
            + " history " + s.history(t).size() + " usage " + s.mayReportUsage(t));
      }
      out.add("next " + cp.nextSeq());
      return out;
    } finally {
      cp.close();
    }
  }

  private List<String> withoutIndex(BatchSpec<String> spec, Path dir) throws Exception {
    Path idx = dir.resolve(LogIndex.FILE);
    Path aside = tmp.resolve("aside.idx");
    boolean had = Files.exists(idx);
    if (had) {
      Files.move(idx, aside);
    }
    try {
      return view(spec);
    } finally {
      if (had) {
        Files.move(aside, idx);
      }
    }
  }

  @Test
  void aFinishedSessionsIndexGivesWhatReadingEveryLineGives() throws Exception {
    Path dir = tmp.resolve("run");
    BatchSpec<String> spec = spec(dir, IDS);
    session(spec, true, Fixtures.ok("A", "d0", 0, 1, 2), Fixtures.ok("B", "d0", 0, 2, 2),
        Fixtures.failed("A", "d2", 0, "boom"), Fixtures.ok("B", "d3", 0, Map.of("costUsd", 0.5), 1));
    assertThat(dir.resolve(LogIndex.FILE)).exists();
    List<String> expected = withoutIndex(spec, dir);
    assertThat(view(spec)).isEqualTo(expected);
    assertThat(expected).contains("A/d2 FAILED 2 first history 1 usage false", "next 4");
    assertThat(expected.get(7)).startsWith("B/d3 OK 3 ").endsWith("history 1 usage true");

    // a later session reruns A/d2 and adds A/d1, then crashes: the index covers the first
    // session's lines, the rest are read
    session(spec, false, Fixtures.ok("A", "d2", 0, 9, 9), Fixtures.ok("A", "d1", 0, 7, 7));
    List<String> afterCrash = withoutIndex(spec, dir);
    assertThat(view(spec)).isEqualTo(afterCrash);
    assertThat(afterCrash).contains("A/d2 OK 4 9 history 2 usage false", "next 6");

    // a finished third session writes a new index over all of it
    session(spec, true, Fixtures.ok("B", "d1", 0, 5, 5));
    assertThat(view(spec)).isEqualTo(withoutIndex(spec, dir)).contains("next 7");
  }

  @Test
  void anIndexThatNoLongerFitsTheLogOrTheSpecIsNotUsed() throws Exception {
    Path dir = tmp.resolve("run");
    BatchSpec<String> spec = spec(dir, IDS);
    session(spec, true, Fixtures.ok("A", "d0", 0, 1, 2), Fixtures.ok("A", "d1", 0, 2, 2));
    byte[] index = Files.readAllBytes(dir.resolve(LogIndex.FILE));

    // the same inputs in another order number the trials otherwise
    BatchSpec<String> reordered = spec(dir, List.of("d1", "d0", "d2", "d3"));
    List<String> seen = view(reordered);
    assertThat(seen.get(0)).startsWith("A/d1 OK 1 2");
    assertThat(seen.get(2)).startsWith("A/d0 OK 0 1");

    // the log rewritten to the same length with other content
    Path log = dir.resolve(RunDirectory.LOG);
    String text = Files.readString(log).replace("\"d0\"", "\"d3\"");
    Files.writeString(log, text);
    Files.write(dir.resolve(LogIndex.FILE), index);
    List<String> rewritten = view(spec);
    assertThat(rewritten.get(0)).isEqualTo("-");
    assertThat(rewritten.get(6)).startsWith("A/d3 OK 0 1");

    // a damaged index is ignored
    Files.write(dir.resolve(LogIndex.FILE), java.util.Arrays.copyOf(index, index.length / 2));
    assertThat(view(spec)).isEqualTo(withoutIndex(spec, dir));
    assertThat(view(spec).get(6)).startsWith("A/d3 OK 0 1");
  }
}
