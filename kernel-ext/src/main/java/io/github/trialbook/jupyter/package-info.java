/**
 * The one package that touches a kernel's API: the {@link
 * io.github.trialbook.jupyter.KernelDisplay} SPI found with {@link java.util.ServiceLoader}, an
 * adapter per kernel (IJava's basekernel, JJava with its extension, Rapaio, the console), and the
 * default imports every kernel gets ({@link io.github.trialbook.jupyter.DefaultImports}; the
 * kernelspec installer that writes them is the command line's {@code install-kernel}).
 * Kernel classes are touched only after an adapter said its kernel runs in this JVM; they are
 * {@code provided} dependencies, never a requirement of the core.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code display}, {@code render}, {@code internal}, {@code io.github.spencerpark},
 * {@code org.dflib.jjava}, {@code org.rapaio.jupyter}.
 */
package io.github.trialbook.jupyter;
