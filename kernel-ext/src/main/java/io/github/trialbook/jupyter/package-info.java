/**
 * The one package that touches a kernel's API: the {@link
 * io.github.trialbook.jupyter.KernelDisplay} SPI found with {@link java.util.ServiceLoader}, an
 * adapter per kernel (IJava's basekernel, JJava with its extension, Rapaio, the console), and the
 * kernelspec installer.
 * Kernel classes are touched only after an adapter said its kernel runs in this JVM; they are
 * {@code provided} dependencies, never a requirement of the core.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code display}, {@code render}, {@code internal}, {@code io.github.spencerpark},
 * {@code org.dflib.jjava}, {@code org.rapaio.jupyter}.
 */
package io.github.trialbook.jupyter;
