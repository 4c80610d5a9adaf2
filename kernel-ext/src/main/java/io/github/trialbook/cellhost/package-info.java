/**
 * The child process of the Java-native notebook runner: {@link io.github.trialbook.cellhost.CellHost}
 * reads cells as JSON lines on stdin, runs them in a JShell whose snippets execute in this same JVM
 * (so a cell's value is a real object), and writes Jupyter-shaped outputs (streams, display data,
 * the execute result, errors) as JSON lines on its stdout. Values are drawn by the same renderer
 * registry the kernels use; cells get the kernels' default imports and
 * {@link io.github.trialbook.cellhost.CellDisplay#display(Object)}.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code display}, {@code jupyter}, {@code internal}, {@code jdk.jshell},
 * {@code com.fasterxml.jackson}.
 */
package io.github.trialbook.cellhost;
