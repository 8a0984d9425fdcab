// The whole screen as a pure function of (session, state, size): header, timeline (or the
// violation banner), pane tabs, the visible panes (or the file viewer), and the bottom line.
import { Box } from 'ink';
import React from 'react';
import { layout, visiblePanes, type Layout } from './layout';
import type { View } from './model/view';
import { Banner, BANNER_ROWS, bottomLine, HelpScreen, tabsLine, TooSmall } from './panes/Chrome';
import { FilesPane } from './panes/FilesPane';
import { FileViewer } from './panes/FileViewer';
import { Header } from './panes/Header';
import { InvariantsPane } from './panes/InvariantsPane';
import { NetworkPane } from './panes/NetworkPane';
import { NodesPane } from './panes/NodesPane';
import { Timeline } from './panes/Timeline';
import type { Session } from './session';
import { PANES, type UiState } from './state';
import { Lines, seg } from './ui/Lines';

export interface ScreenProps {
  readonly session: Session;
  readonly ui: UiState;
  readonly columns: number;
  readonly rows: number;
}

interface PaneSlotProps {
  readonly session: Session;
  readonly ui: UiState;
  readonly view: View;
  readonly index: number;
  readonly width: number;
  readonly height: number;
  readonly titled: boolean;
}

function PaneSlot({ session, ui, view, index, width, height, titled }: PaneSlotProps) {
  const focused = index === ui.pane;
  const h = titled ? height - 1 : height;
  const common = { view, width, height: h, cursor: ui.cursor[index], focused };
  const name = PANES[index];
  let body;
  if (name === 'Files' && ui.viewer !== null) body = <FileViewer view={view} viewer={ui.viewer} width={width} height={h} />;
  else if (name === 'Nodes') body = <NodesPane {...common} />;
  else if (name === 'Network') body = <NetworkPane {...common} />;
  else if (name === 'Files') body = <FilesPane {...common} />;
  else body = <InvariantsPane {...common} meta={session.index.meta} />;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {titled ? <Lines lines={[[seg(` ${index + 1} ${name} `, focused ? { inverse: true, bold: true } : { bold: true, dim: true })]]} width={width} height={1} /> : null}
      {body}
    </Box>
  );
}

function PaneGrid({ session, ui, view, l }: { readonly session: Session; readonly ui: UiState; readonly view: View; readonly l: Layout }) {
  const shown = visiblePanes(l, ui.pane);
  const titled = shown.length > 1;
  const rowsOfPanes: number[][] = [];
  for (let i = 0; i < shown.length; i += l.gridColumns) rowsOfPanes.push(shown.slice(i, i + l.gridColumns));
  return (
    <Box flexDirection="column">
      {rowsOfPanes.map((row, r) => (
        <Box key={r} flexDirection="row" height={l.paneHeight}>
          {row.map((index, c) => (
            <Box key={index} marginLeft={c === 0 ? 0 : 1}>
              <PaneSlot session={session} ui={ui} view={view} index={index} width={l.paneWidth} height={l.paneHeight} titled={titled} />
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}

export function Screen({ session, ui, columns, rows }: ScreenProps) {
  const l = layout(columns, rows);
  if (l.tooSmall) return <TooSmall columns={columns} rows={rows} />;
  const view = session.viewAt(ui.step);
  const meta = session.index.meta;
  const middle = ui.help ? (
    <HelpScreen width={columns} height={rows - 3} />
  ) : (
    <>
      {ui.banner ? <Banner meta={meta} width={columns} height={Math.min(BANNER_ROWS, l.timelineRows)} /> : null}
      {!ui.banner || l.timelineRows - BANNER_ROWS >= 3 ? (
        <Timeline session={session} step={ui.step} filter={ui.filter} width={columns} height={ui.banner ? l.timelineRows - BANNER_ROWS : l.timelineRows} />
      ) : null}
      <Lines lines={[tabsLine(ui, meta)]} width={columns} height={1} />
      <PaneGrid session={session} ui={ui} view={view} l={l} />
    </>
  );
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Header view={view} meta={meta} step={ui.step} width={columns} />
      {middle}
      <Lines lines={[bottomLine(ui)]} width={columns} height={1} />
    </Box>
  );
}
