package io.github.trialbook.store;

/**
 * Where and how a run directory's batch ran, as its manifest records it: how it ended (a run whose
 * manifest says running but that no session holds reads crashed), the parallelism, the JDK,
 * OS and host of the latest session, how many sessions (resumes) ran it, the library version and
 * the digest of its input ids. Holds no secret (the manifest never does).
 *
 * <pre>{@code
 * RunInfo info = StoredRun.open(Path.of("runs", "triage")).info();
 * System.out.println(info.host() + " ran it " + info.sessions() + " time(s)");
 * }</pre>
 */
public record RunInfo(RunStatus status, int parallelism, String jdk, String os, String host, int sessions,
    String libraryVersion, int inputCount, String inputDigest) {}
