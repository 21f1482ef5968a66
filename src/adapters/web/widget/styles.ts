/** The widget's stylesheet; it lives in the widget's shadow root, so the host page's CSS cannot reach it. */
export const STYLES = `
:host{all:initial}
.tl{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;-webkit-font-smoothing:antialiased}
.tl *{box-sizing:border-box}
[hidden]{display:none!important}
button{font:inherit;cursor:pointer}
button:focus-visible,textarea:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
.launcher{position:fixed;bottom:20px;right:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--a);color:var(--on);box-shadow:0 6px 20px rgba(0,0,0,.25);display:grid;place-items:center;z-index:2147483000;transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:28px;height:28px}
.badge{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#d93025;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center}
.panel{position:fixed;bottom:88px;right:20px;width:370px;height:min(600px,calc(100vh - 110px));background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.22);display:flex;flex-direction:column;overflow:hidden;z-index:2147483000}
.left .launcher,.left .panel{right:auto;left:20px}
.head{background:var(--a);color:var(--on);padding:14px 12px 14px 16px;display:flex;align-items:flex-start;gap:8px}
.head .t{font-weight:700;font-size:16px;margin:0}
.head .s{font-size:13px;opacity:.9;margin:2px 0 0}
.close{margin-left:auto;flex:none;width:32px;height:32px;border:0;border-radius:8px;background:transparent;color:inherit;font-size:22px;line-height:1}
.close:hover{background:rgba(255,255,255,.15)}
.status{font-size:12px;background:#fff4ce;color:#5c4400;padding:6px 16px}
.list{flex:1;overflow-y:auto;padding:14px 12px;display:flex;flex-direction:column;gap:8px;background:#f6f7f8;overscroll-behavior:contain}
.empty{margin:auto;color:#5f6368;font-size:14px;text-align:center;padding:0 20px}
.msg{max-width:82%;display:flex;flex-direction:column;align-items:flex-start;align-self:flex-start}
.msg.me{align-self:flex-end;align-items:flex-end}
.who{font-size:11px;color:#5f6368;margin:0 4px 2px}
.bubble{padding:8px 12px;border-radius:14px;background:#fff;border:1px solid #e3e5e8;white-space:pre-wrap;overflow-wrap:anywhere}
.me .bubble{background:var(--a);color:var(--on);border-color:transparent;border-bottom-right-radius:4px}
.msg:not(.me) .bubble{border-bottom-left-radius:4px}
.st{font-size:11px;color:#5f6368;margin:2px 4px 0}
.st[data-state=failed]{color:#c5221f}
.st button{color:inherit;text-decoration:underline;background:none;border:0;padding:0;margin-left:4px}
.typing{display:flex;gap:4px;padding:11px 12px;background:#fff;border:1px solid #e3e5e8;border-radius:14px;align-self:flex-start}
.typing span{width:6px;height:6px;border-radius:50%;background:#9aa0a6;animation:tlb 1.2s infinite ease-in-out}
.typing span:nth-child(2){animation-delay:.15s}
.typing span:nth-child(3){animation-delay:.3s}
@keyframes tlb{0%,60%,100%{transform:translateY(0);opacity:.5}30%{transform:translateY(-4px);opacity:1}}
.form{display:flex;gap:8px;padding:10px;border-top:1px solid #e3e5e8;background:#fff;align-items:flex-end}
textarea{flex:1;resize:none;font:inherit;color:inherit;background:#fff;border:1px solid #d0d4d9;border-radius:10px;padding:9px 10px;min-height:40px;max-height:120px;margin:0}
textarea:focus{border-color:var(--a);outline:none}
.send{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:var(--a);color:var(--on);display:grid;place-items:center}
.send svg{width:20px;height:20px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:479px){.panel,.left .panel{inset:0;width:auto;height:auto;border-radius:0}.open .launcher{display:none}textarea{font-size:16px}}
@media (prefers-reduced-motion:reduce){.typing span{animation:none}.launcher{transition:none}}
`;
