package io.github.trialbook.spark;

import io.github.trialbook.batch.BatchConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classes a batch uses that executors cannot load from their class path, such as those of
 * notebook cells (JShell keeps them in memory) or of a directory only the driver has, served
 * through Spark's REPL class server: their bytes are written to {@code spark.repl.class.outputDir}
 * before each job and executors load them with their {@code ExecutorClassLoader}. A class is
 * served when its loader is not the application class loader (or one of its parents); the
 * classes it refers to are followed the same way. The bytes come from the loader's resources
 * (IJava's and Rapaio's JShell loaders serve them so) or from the kernel's own map of cell
 * classes (JJava's). JDK, Scala, Spark and Trialbook classes are
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
      if (bytes == null) {
        throw new BatchConfigException("class " + next.getKey() + " must reach the Spark "
            + "executors, but its class loader (" + next.getValue() + ") does not give its "
            + "bytes; compile it into a jar and add it with spark.jars");
      }
      out.put(path, bytes);
      try {
        for (String ref : ClassRefs.of(bytes)) {
          String refPath = ref.replace('.', '/') + ".class";
          if (!out.containsKey(refPath) && served(ref, next.getValue())
              && (next.getValue().getResource(refPath) != null
                  || inKernelMemory(ref, next.getValue()) != null)) {
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

  /** The class file of {@code name}, or null when {@code loader} does not give it. */
  private static byte[] bytesOf(String name, String path, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        return inKernelMemory(name, loader);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bytes of class " + name, e);
    }
  }

  /**
   * The bytes of cell class {@code name} from the kernel's own memory, when its class loader
   * does not serve them as resources: JJava's loader ({@code JJavaLoaderDelegate.JJavaClassLoader})
   * keeps them in a map of class name to bytes in the delegate it is an inner class of. Looks for
   * such a map in the loader's fields and in its outer instance's; null when there is none.
   */
  static byte[] inKernelMemory(String name, ClassLoader loader) {
    List<Object> holders = new ArrayList<>(List.of(loader));
    for (Field f : fields(loader.getClass())) {
      if (f.getName().startsWith("this$")) {
        Object outer = read(f, loader);
        if (outer != null) {
          holders.add(outer);
        }
      }
    }
    for (Object holder : holders) {
      for (Field f : fields(holder.getClass())) {
        if (Map.class.isAssignableFrom(f.getType()) && read(f, holder) instanceof Map<?, ?> m
            && m.get(name) instanceof byte[] bytes) {
          return bytes;
        }
      }
    }
    return null;
  }

  /** The instance fields of {@code type} and its superclasses, the JDK's left out. */
  private static List<Field> fields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = type; c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static Object read(Field f, Object holder) {
    try {
      f.setAccessible(true);
      return f.get(holder);
    } catch (RuntimeException | IllegalAccessException e) {
      return null; // not open to us: not a kernel's map
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
