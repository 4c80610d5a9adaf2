package io.github.trialbook.spark;

import io.github.trialbook.batch.StageFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Stage functions compiled at test time into a directory that is on no class path, loaded by
 * their own class loader: what a notebook's cells are to the executors (JShell keeps its classes
 * in memory). Only the driver can load them; executors get them from the REPL class server.
 */
final class NotebookClasses {
  private static final String SOURCE = """
      package nb;

      import io.github.trialbook.batch.StageFunction;

      public final class Cells {
        private Cells() {}

        /** A stage output of a class only the notebook has. */
        public record Score(int length, long spins) {}

        /** Spins about {@code micros} of CPU, then scores the input. */
        public static StageFunction<String> spin(long micros) {
          return t -> new Score(t.input().length(), Spinner.spin(micros));
        }

        /** Reads the earlier stage's output. */
        public static StageFunction<String> label() {
          return t -> t.input().toUpperCase() + ":" + t.<Score>output("spin").length();
        }

        /** Sleeps {@code millis} (interruptibly), then returns the input's length. */
        public static StageFunction<String> sleep(long millis) {
          return t -> {
            Thread.sleep(millis);
            return t.input().length();
          };
        }
      }
      """;
  private static final String SPINNER = """
      package nb;

      final class Spinner {
        private Spinner() {}

        static long spin(long micros) {
          long end = System.nanoTime() + micros * 1000;
          long n = 0;
          while (System.nanoTime() < end) {
            n++;
          }
          return n;
        }
      }
      """;

  private final ClassLoader loader;

  private NotebookClasses(ClassLoader loader) {
    this.loader = loader;
  }

  /** Compiles the cells into {@code dir} and loads them from there. */
  static NotebookClasses compile(Path dir) {
    try {
      Path src = dir.resolve("src/nb");
      Files.createDirectories(src);
      Files.writeString(src.resolve("Cells.java"), SOURCE);
      Files.writeString(src.resolve("Spinner.java"), SPINNER);
      Path out = dir.resolve("classes");
      Files.createDirectories(out);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int rc = javac.run(null, null, null, "-d", out.toString(), "-cp",
          System.getProperty("java.class.path"), src.resolve("Cells.java").toString(),
          src.resolve("Spinner.java").toString());
      if (rc != 0) {
        throw new IllegalStateException("javac failed: " + rc);
      }
      URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
          NotebookClasses.class.getClassLoader());
      return new NotebookClasses(loader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  StageFunction<String> stage(String method, Object... args) {
    try {
      Class<?> cells = Class.forName("nb.Cells", true, loader);
      Class<?>[] types = new Class<?>[args.length];
      for (int i = 0; i < args.length; i++) {
        types[i] = long.class;
      }
      return (StageFunction<String>) cells.getMethod(method, types).invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

}
