package io.github.trialbook.notebook;

import java.nio.file.Path;
import java.util.List;

/**
 * What the runner will do, without running cells: parameterize a notebook, mark its code cells
 * pending, save it, and write its page.
 *
 * <pre>
 * java -cp kernel-ext/target/classes:kernel-ext/target/test-classes:$JACKSON \
 *     io.github.trialbook.notebook.NotebookExample notebooks/report.ipynb /tmp/out.ipynb /tmp/out.html
 * </pre>
 */
public final class NotebookExample {
  private NotebookExample() {}

  public static void main(String[] args) {
    Notebook nb = Notebook.read(Path.of(args[0]));
    Parameters.Injection injection = Parameters.fromArgs(List.of("-p", "runDir", "\"runs/r1\"",
        "-p", "maxInputs", "500")).inject(nb);
    injection.warnings().forEach(w -> System.err.println("warning: " + w));
    for (Cell cell : nb.cells()) {
      if (cell.type() == CellType.CODE) {
        cell.clearOutputs();
        cell.markPending();
      }
    }
    nb.save(Path.of(args[1]));
    NotebookHtml.save(nb, Path.of(args[0]).getFileName().toString(), Path.of(args[2]));
    System.out.println("injected cell " + injection.cellIndex() + ":\n" + injection.source());
  }
}
