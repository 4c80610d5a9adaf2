/**
 * The command line of {@code trialbook-kernel-ext-<version>-all.jar}: {@code install-kernel} (the
 * kernelspec writer), {@code demo}, {@code audit}, and the commands that come with later
 * features. Nothing imports it.
 *
 * <pre>{@code
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar demo --console
 * }</pre>
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code any}.
 */
package io.github.trialbook.cli;
