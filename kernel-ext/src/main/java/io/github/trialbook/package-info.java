/**
 * The notebook's types: the {@link io.github.trialbook.Trialbook} facade, {@link
 * io.github.trialbook.BatchHandle}, {@link io.github.trialbook.BatchResult} and {@link
 * io.github.trialbook.Select}. Each facade method delegates to one package class.
 *
 * <pre>{@code
 * BatchResult r = Trialbook.runBatch(Trialbook.batch("triage", docs, Doc::id)
 *     .stage("classify", t -> classify(t.input())).build());
 * r.table();
 * }</pre>
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code any} (nothing imports this package).
 */
package io.github.trialbook;
