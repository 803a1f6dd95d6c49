import { useState, type ReactNode } from "react";

/** A value a column sorts by: numbers numerically, strings in natural order; null and undefined always last. */
export type SortValue = string | number | null | undefined;

export interface Column<Row> {
  /** Unique within the table (the sort state names it). */
  id: string;
  header: ReactNode;
  cell(row: Row): ReactNode;
  /** What the column sorts by; a column without one cannot be sorted. */
  sortValue?(row: Row): SortValue;
  /** Right-aligned tabular figures. */
  numeric?: boolean;
  /** A cell class, e.g. "actions". */
  className?: string;
}

export type SortDirection = "ascending" | "descending";

export interface SortState {
  column: string;
  direction: SortDirection;
}

interface DataTableProps<Row> {
  /** The table's accessible name. */
  label: string;
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  /** The order before the first click; by default the rows' own order. */
  initialSort?: SortState;
  /** Shown instead of the table when there are no rows (default: an empty table). */
  empty?: ReactNode;
}

/** A date-time string's sort value (milliseconds); null when absent. */
export function dateSortValue(value: string | null | undefined): number | null {
  return value ? Date.parse(value) : null;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Compares two sort values ascending, null and undefined last. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

/** The rows ordered by `sort` (stable: ties keep their order; missing values stay last either way). */
export function sortRows<Row>(rows: readonly Row[], value: (row: Row) => SortValue, direction: SortDirection): Row[] {
  const sign = direction === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const aMissing = a.key === null || a.key === undefined;
      const bMissing = b.key === null || b.key === undefined;
      if (aMissing || bMissing) return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
      return sign * compareSortValues(a.key, b.key) || a.index - b.index;
    })
    .map((entry) => entry.row);
}

/**
 * The console's one table: columns with a sortValue sort by a click on their header's button (Enter and Space too,
 * being a button), ascending first, then descending; the sorted header carries aria-sort. Cells render as text
 * (React escapes), so names with markup in them stay text.
 */
export function DataTable<Row>({ label, columns, rows, rowKey, initialSort, empty }: DataTableProps<Row>) {
  const shown = columns.filter((column): column is Column<Row> => Boolean(column));
  const [sort, setSort] = useState<SortState | undefined>(initialSort);
  // Tables are small (a page of rows): sorting on each render keeps the order in step with the rows and cells.
  const sortColumn = sort && shown.find((candidate) => candidate.id === sort.column);
  const sorted = sort && sortColumn?.sortValue ? sortRows(rows, sortColumn.sortValue, sort.direction) : rows;
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const toggle = (id: string) =>
    setSort((current) => ({ column: id, direction: current?.column === id && current.direction === "ascending" ? "descending" : "ascending" }));
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {shown.map((column) => {
              const direction = sort?.column === column.id ? sort.direction : undefined;
              return (
                <th key={column.id} scope="col" className={column.numeric ? "num" : undefined} aria-sort={direction}>
                  {column.sortValue ? (
                    <button type="button" className="sort" onClick={() => toggle(column.id)}>
                      {column.header}
                      <span className="sort-mark" aria-hidden="true">
                        {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {shown.map((column) => (
                <td key={column.id} className={[column.numeric ? "num" : "", column.className ?? ""].join(" ").trim() || undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
