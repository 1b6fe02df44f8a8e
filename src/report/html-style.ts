/** The HTML report's stylesheet, inlined in the page (the report is one file with no external assets). */
export const HTML_STYLE = `
:root { --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --info: #0969da; --info-bg: #ddf4ff; --line: #d0d7de; --muted: #57606a; --bg: #ffffff; --fg: #1f2328; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; } h4 { font-size: 14px; margin: 0 0 4px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 6px 0; }
.meta { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 12px; font-weight: 600; font-size: 12px; border: 1px solid currentColor; }
.badge.ok, .cell.ok { color: var(--ok); } .badge.bad, .cell.bad { color: var(--bad); } .badge.warn, .cell.warn { color: var(--warn); } .badge.info { color: var(--info); }
table { border-collapse: collapse; margin: 8px 0; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f6f8fa; white-space: nowrap; }
td.cell { font-weight: 600; }
.diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: #fbfcfd; }
#paths-diagram { display: block; max-width: none; }
#paths-diagram text { font: 12px system-ui, sans-serif; fill: var(--fg); }
#paths-diagram text.head { font-weight: 700; }
#paths-diagram .box rect { stroke-width: 1.5; fill: #ffffff; stroke: var(--line); }
#paths-diagram .box.ok rect { fill: var(--ok-bg); stroke: var(--ok); }
#paths-diagram .box.bad rect { fill: var(--bad-bg); stroke: var(--bad); }
#paths-diagram .box.warn rect { fill: var(--warn-bg); stroke: var(--warn); }
#paths-diagram .box.breaks rect { stroke-width: 3; }
#paths-diagram .break-mark { fill: var(--bad); font-weight: 700; font-size: 11px; }
#paths-diagram .edge { fill: none; stroke-width: 2; stroke: #8c959f; }
#paths-diagram .edge.ok { stroke: var(--ok); } #paths-diagram .edge.bad { stroke: var(--bad); stroke-dasharray: 6 4; } #paths-diagram .edge.warn { stroke: var(--warn); }
#paths-diagram marker path { fill: #8c959f; } #paths-diagram marker.ok path { fill: var(--ok); } #paths-diagram marker.bad path { fill: var(--bad); } #paths-diagram marker.warn path { fill: var(--warn); }
.legend { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.finding.error { border-left-color: var(--bad); } .finding.warning { border-left-color: var(--warn); } .finding.info { border-left-color: var(--info); }
.finding .where { color: var(--muted); font-size: 13px; }
.finding dl { margin: 6px 0; } .finding dt { font-weight: 600; margin-top: 6px; } .finding dd { margin: 2px 0 0 16px; }
.spf-tree td.label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; }
.over { color: var(--bad); font-weight: 700; }
details summary { cursor: pointer; color: var(--muted); }
#senders-chart { display: block; max-width: none; } #senders-chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
#senders-chart .axis { stroke: var(--line); }
#senders-chart .path, .swatch.path { fill: var(--ok); background: var(--ok); } #senders-chart .provider, .swatch.provider { fill: var(--warn); background: var(--warn); }
#senders-chart .forwarder, .swatch.forwarder { fill: var(--info); background: var(--info); } #senders-chart .unknown, .swatch.unknown { fill: var(--bad); background: var(--bad); }
table.senders td { overflow-wrap: anywhere; font-size: 13px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
`;
