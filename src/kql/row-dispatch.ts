import type { CertificateInfoRow } from "../store/columns.js";
import type { RowConverter } from "./row-conversion.js";
import type { RowSink, ValueFilter } from "./stage.js";
import type { Row } from "./values.js";

interface FilteredSink {
  readonly sink: RowSink;
  readonly test: ValueFilter["test"];
}

/** The queries that filter on one column, and per value id the ones whose filter passes. */
interface ColumnDispatch {
  readonly column: number;
  readonly members: readonly FilteredSink[];
  readonly passingByValueId: (RowSink[] | undefined)[];
}

/**
 * Feeds each table row to the first sink of every query of a run. Perf: a
 * query that starts with a cached string test (`where Signer has_any ...`)
 * receives only the rows whose value passes that test. The test runs once per
 * distinct value, and a row that reaches no query is never converted beyond
 * the filtered columns.
 */
export class RowDispatcher {
  private readonly unfiltered: RowSink[] = [];
  private readonly dispatches: ColumnDispatch[] = [];
  private readonly filteredColumns: number[];
  private readonly receivers: RowSink[] = [];

  constructor(
    private readonly converter: RowConverter,
    heads: readonly RowSink[],
    filters: readonly (ValueFilter | undefined)[],
  ) {
    const byColumn = new Map<number, FilteredSink[]>();
    heads.forEach((sink, index) => {
      const filter = filters[index];
      if (!filter) {
        this.unfiltered.push(sink);
        return;
      }
      const members = byColumn.get(filter.column) ?? [];
      members.push({ sink, test: filter.test });
      byColumn.set(filter.column, members);
    });
    for (const [column, members] of byColumn) {
      this.dispatches.push({ column, members, passingByValueId: [] });
    }
    this.filteredColumns = [...byColumn.keys()];
  }

  push(stored: CertificateInfoRow): void {
    const row = this.converter.convertColumns(stored, this.filteredColumns);
    const receivers = this.receivers;
    receivers.length = 0;
    for (const sink of this.unfiltered) receivers.push(sink);
    for (const dispatch of this.dispatches) this.addPassingSinks(dispatch, row, receivers);
    if (receivers.length === 0) return;

    this.converter.completeRow(stored, row, this.filteredColumns);
    for (const sink of receivers) sink.push(row);
  }

  private addPassingSinks(dispatch: ColumnDispatch, row: Row, receivers: RowSink[]): void {
    const valueId = row.valueIds === null ? -1 : row.valueIds[dispatch.column]!;
    if (valueId < 0) {
      // No value id (too many distinct values): each query tests the row itself.
      for (const member of dispatch.members) receivers.push(member.sink);
      return;
    }
    let passing = dispatch.passingByValueId[valueId];
    if (passing === undefined) {
      passing = dispatch.members
        .filter((member) => member.test(row) === true)
        .map((member) => member.sink);
      dispatch.passingByValueId[valueId] = passing;
    }
    for (const sink of passing) receivers.push(sink);
  }

  end(): void {
    for (const sink of this.unfiltered) sink.end();
    for (const dispatch of this.dispatches) {
      for (const member of dispatch.members) member.sink.end();
    }
  }
}
