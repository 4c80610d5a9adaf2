/**
 * Text and HTML rendering: the {@link io.github.trialbook.render.Renderable} contract and the
 * escaping HTML builder every view uses. Needs only the JDK.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code internal} (the plain-text escaping every rendering shares).
 */
package io.github.trialbook.render;
