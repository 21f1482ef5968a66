/** The console's stylesheet: system fonts, one accent, readable from a phone to a desktop; focus always visible. */
export const STYLES = `
:root { --accent: #1f6f5c; --bg: #f5f6f7; --card: #fff; --text: #1d2327; --muted: #5f6b73; --line: #dde1e4; --danger: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: var(--muted); } .small { font-size: 13px; } .pad { padding: 24px; }
.error { color: var(--danger); } .notice { background: #eef7f4; border-radius: 6px; padding: 6px 10px; }
button { font: inherit; padding: 8px 14px; border-radius: 8px; border: 1px solid var(--line); background: var(--card); color: var(--text); cursor: pointer; min-height: 40px; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: .55; cursor: default; }
button.link { border: 0; background: none; color: var(--accent); padding: 0 4px; min-height: 0; text-decoration: underline; }
input, textarea, select { font: inherit; width: 100%; padding: 9px 10px; border: 1px solid var(--line); border-radius: 8px; background: #fff; color: var(--text); }
label { display: block; margin: 10px 0; font-weight: 500; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px 18px; }
.auth { min-height: 100vh; display: grid; place-items: center; padding: 16px; }
.auth-form { width: 100%; max-width: 380px; } .auth-form h1 { margin: 0 0 4px; font-size: 22px; } .auth-form button { width: 100%; margin-top: 8px; }
.top { display: flex; gap: 14px; align-items: center; padding: 10px 18px; background: var(--card); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
.top .brand { font-weight: 700; text-decoration: none; color: var(--text); margin-right: auto; }
.inbox, .conversation { max-width: 1200px; margin: 0 auto; padding: 16px; }
.views { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 12px; }
.view.active { background: var(--accent); color: #fff; border-color: var(--accent); }
.queue-pick { margin: 0; min-width: 180px; }
.rows { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.row { display: grid; grid-template-columns: minmax(160px, 1.2fr) 2fr auto 90px; gap: 12px; align-items: center; padding: 12px 14px; background: var(--card);
  border: 1px solid var(--line); border-radius: 10px; text-decoration: none; color: var(--text); }
.row:hover { border-color: var(--accent); }
.goal { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.meta { display: flex; gap: 6px; flex-wrap: wrap; } .wait { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.tag { display: inline-block; font-size: 12px; padding: 2px 8px; border-radius: 999px; background: #eceff1; color: #37474f; }
.prio-high, .risk-high { background: #fff1d6; color: #7a4b00; } .prio-urgent, .risk-critical { background: #fde2e0; color: var(--danger); } .risk-medium { background: #fff8e1; }
.empty { padding: 32px; text-align: center; color: var(--muted); background: var(--card); border-radius: 10px; border: 1px dashed var(--line); }
.more { margin-top: 12px; }
.conv-head h1 { margin: 6px 0 2px; font-size: 22px; } .conv-head .actions { display: flex; gap: 8px; margin: 8px 0; }
.conv-body { display: grid; grid-template-columns: 1fr 340px; gap: 16px; align-items: start; }
.messages { list-style: none; padding: 0; margin: 0 0 12px; display: grid; gap: 8px; }
.msg { max-width: 80%; padding: 8px 12px; border-radius: 10px; background: var(--card); border: 1px solid var(--line); }
.msg.outbound { margin-left: auto; background: #e8f3ef; } .msg.internal { margin-left: auto; background: #fff8e1; border-style: dashed; }
.msg-text { white-space: pre-wrap; overflow-wrap: anywhere; } .msg-head { font-size: 13px; margin-bottom: 2px; }
.composer { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 12px; display: grid; gap: 8px; }
.composer-kind { display: flex; gap: 16px; flex-wrap: wrap; } .composer-kind label { margin: 0; font-weight: 400; display: flex; gap: 6px; align-items: center; }
.composer-kind input { width: auto; } .composer button { justify-self: end; }
.handoff h2 { margin: 0 0 6px; font-size: 17px; } .handoff h3 { font-size: 14px; margin: 12px 0 4px; } .handoff .goal { white-space: normal; font-weight: 600; }
.handoff dl { display: grid; grid-template-columns: 100px 1fr; gap: 4px 8px; margin: 8px 0; } .handoff dt { color: var(--muted); } .handoff dd { margin: 0; }
.steps { padding-left: 18px; margin: 0; }
@media (max-width: 820px) {
  .conv-body { grid-template-columns: 1fr; } .handoff { order: -1; }
  .row { grid-template-columns: 1fr auto; } .row .goal, .row .meta { grid-column: 1 / -1; } .wait { grid-row: 1; grid-column: 2; }
  .msg { max-width: 92%; } .top { padding: 10px 12px; }
}
`;
