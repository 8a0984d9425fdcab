// Where things go on a screen of `columns` x `rows`. At the minimum (80x24): a 2-line header, a
// 7-step timeline, the pane tabs, one 13-line pane, and the key help line. More rows lengthen
// the timeline and the panes (and stack two panes from 28 pane rows up); 160 columns and more put
// two panes side by side, so a 160x52 terminal shows all four.
import { PANES } from './state';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface Layout {
  readonly columns: number;
  readonly rows: number;
  readonly tooSmall: boolean;
  readonly headerRows: number;
  readonly timelineRows: number;
  /** Panes shown at once, in a grid of gridColumns x gridRows. */
  readonly gridColumns: number;
  readonly gridRows: number;
  readonly paneWidth: number;
  readonly paneHeight: number;
}

export function layout(columns: number, rows: number): Layout {
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const body = Math.max(0, rows - 4); // header (2), tabs (1), help line (1)
  let timelineRows = Math.max(7, Math.floor(body * 0.35));
  if (timelineRows % 2 === 0) timelineRows -= 1;
  const paneArea = Math.max(0, body - timelineRows);
  const gridColumns = columns >= 2 * MIN_COLUMNS ? 2 : 1;
  const gridRows = paneArea >= 28 ? 2 : 1;
  return {
    columns,
    rows,
    tooSmall,
    headerRows: 2,
    timelineRows,
    gridColumns,
    gridRows,
    paneWidth: Math.floor((columns - (gridColumns - 1)) / gridColumns),
    paneHeight: Math.floor(paneArea / gridRows),
  };
}

/** The panes shown when `focused` has the focus: the page of the grid that holds it. */
export function visiblePanes(l: Layout, focused: number): number[] {
  const perPage = l.gridColumns * l.gridRows;
  const first = Math.floor(focused / perPage) * perPage;
  return Array.from({ length: perPage }, (_, i) => first + i).filter((i) => i < PANES.length);
}
