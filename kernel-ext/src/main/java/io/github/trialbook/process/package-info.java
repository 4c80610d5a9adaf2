/**
 * Subprocess stages: one external program per trial in its own case directory, with the batch's
 * identity in its environment, thread caps, logs streamed to files, exit codes and required
 * artifacts checked, and the whole process tree ended on timeout, cancel, interrupt and JVM exit;
 * the run directory records live trees so a later session ends the orphans a killed JVM left.
 *
 * <pre>{@code
 * .stage("sim", ProcessStage.command(t -> List.of("python3", "sim.py", "--out", "out"))
 *     .require("out/summary.json").build())
 * }</pre>
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code internal}.
 */
package io.github.trialbook.process;
