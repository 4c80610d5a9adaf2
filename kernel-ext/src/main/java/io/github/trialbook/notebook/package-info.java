/**
 * Jupyter notebooks without a kernel: reading and writing nbformat 4 files ({@link
 * io.github.trialbook.notebook.Notebook}, keeping every field it does not know), papermill's
 * parameter injection for Java cells ({@link io.github.trialbook.notebook.Parameters}) and a
 * self-contained, script-free HTML page of an executed notebook ({@link
 * io.github.trialbook.notebook.NotebookHtml}). The foundation of the Java notebook runner; it
 * runs no code itself.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch} (the exception root), {@code render} (HTML escaping), {@code internal} (the
 * plain-text escaping), {@code com.fasterxml.jackson} (the JSON tree).
 */
package io.github.trialbook.notebook;
