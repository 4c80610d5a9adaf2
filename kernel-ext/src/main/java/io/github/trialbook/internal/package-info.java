/**
 * Small helpers of the library itself (argument checks, daemon and reusable threads, lazy
 * values, compact sets); not for users. Needs only the JDK.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * nothing but the JDK.
 */
package io.github.trialbook.internal;
