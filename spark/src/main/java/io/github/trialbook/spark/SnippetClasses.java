package io.github.trialbook.spark;

import io.github.trialbook.batch.BatchConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The classes a batch uses that executors cannot load from their class path, such as those of
 * notebook cells (JShell keeps them in memory) or of a directory only the driver has, served
 * through Spark's REPL class server: their bytes are written to {@code spark.repl.class.outputDir}
 * before each job and executors load them with their {@code ExecutorClassLoader}. A class is
 * served when its loader is not the application class loader (or one of its parents); the
 * classes it refers to are followed the same way. JDK, Scala, Spark and Trialbook classes are
 * never served: executors must have those on their class path.
 */
final class SnippetClasses {
  private static final String[] NEVER_SERVED = {"java.", "javax.", "jdk.", "sun.", "com.sun.",
      "scala.", "org.apache.spark.", "io.github.trialbook."};

  private SnippetClasses() {}

  /** The classes among {@code roots} and what they refer to, as bytes by class-file path. */
  static Map<String, byte[]> of(Set<Class<?>> roots) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Deque<Map.Entry<String, ClassLoader>> todo = new ArrayDeque<>();
    for (Class<?> c : roots) {
      Class<?> k = c;
      while (k.isArray()) {
        k = k.getComponentType();
      }
      if (!k.isPrimitive() && !k.isHidden() && served(k.getName(), k.getClassLoader())) {
        todo.add(Map.entry(k.getName(), k.getClassLoader()));
      }
    }
    while (!todo.isEmpty()) {
      Map.Entry<String, ClassLoader> next = todo.poll();
      String path = next.getKey().replace('.', '/') + ".class";
      if (out.containsKey(path)) {
        continue;
      }
      byte[] bytes = bytesOf(next.getKey(), path, next.getValue());
      out.put(path, bytes);
      try {
        for (String ref : ClassRefs.of(bytes)) {
          String refPath = ref.replace('.', '/') + ".class";
          if (!out.containsKey(refPath) && served(ref, next.getValue())
              && next.getValue().getResource(refPath) != null) {
            todo.add(Map.entry(ref, next.getValue()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read class file of " + next.getKey(), e);
      }
    }
    return out;
  }

  private static boolean served(String name, ClassLoader loader) {
    if (loader == null) {
      return false;
    }
    for (String prefix : NEVER_SERVED) {
      if (name.startsWith(prefix)) {
        return false;
      }
    }
    for (ClassLoader l = ClassLoader.getSystemClassLoader(); l != null; l = l.getParent()) {
      if (l == loader) {
        return false;
      }
    }
    return ClassLoader.getSystemClassLoader().getResource(name.replace('.', '/') + ".class")
        == null;
  }

  private static byte[] bytesOf(String name, String path, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new BatchConfigException("class " + name + " must reach the Spark executors, but "
            + "its class loader (" + loader + ") does not give its bytes; compile it into a jar "
            + "and add it with spark.jars");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bytes of class " + name, e);
    }
  }

  /** Writes {@code classes} under {@code dir}, each file replaced whole (executors may read). */
  static void write(Map<String, byte[]> classes, Path dir) {
    try {
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        Path file = dir.resolve(c.getKey());
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), c.getValue())) {
          continue;
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".serving-", ".tmp");
        Files.write(tmp, c.getValue());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write notebook classes to " + dir
          + " (spark.repl.class.outputDir) for the executors", e);
    }
  }

  /** The class {@code name}, looked up with the loaders of {@code near}, then the context's. */
  static Class<?> load(String name, Collection<Class<?>> near) {
    for (Class<?> c : near) {
      ClassLoader l = c.getClassLoader();
      if (l != null) {
        try {
          return Class.forName(name, false, l);
        } catch (ClassNotFoundException e) {
          // another loader may know it
        }
      }
    }
    try {
      return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
