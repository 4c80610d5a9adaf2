package io.github.trialbook.batch;

import java.util.List;

/**
 * The records of a batch as a list that answers each row's config, input id and status without
 * building the record: a checkpointed batch's records are read from its trial log only when
 * {@link #get} asks for one, so counting statuses or listing keys of a million rows reads nothing.
 * {@code BatchResult.records()} is one.
 *
 * <pre>{@code
 * RecordList rows = (RecordList) r.records();
 * long failed = 0;
 * for (int i = 0; i < rows.size(); i++) {
 *   failed += rows.status(i) == TrialStatus.FAILED ? 1 : 0;     // reads no record
 * }
 * }</pre>
 */
public interface RecordList extends List<TrialRecord> {
  String config(int row);

  String inputId(int row);

  TrialStatus status(int row);
}
