//! The panel's stylesheet, scoped by the shadow root. `--hc` (the accent colour) and `--hc-ink`
//! (white or dark text, whichever reads better on it) are set on the host element by
//! `widget.js` from `data-color`; `.hc-left` mirrors the layout.

pub const CSS: &str = r#"
*{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit}
[hidden]{display:none!important}
.panel{position:fixed;z-index:2147483000;bottom:92px;right:20px;width:376px;height:min(640px,calc(100vh - 112px));display:flex;flex-direction:column;overflow:hidden;background:#fff;color:#1f2430;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;border-radius:16px;box-shadow:0 12px 48px rgba(15,23,42,.22),0 2px 6px rgba(15,23,42,.08);animation:hc-in .18s ease-out}
.hc-left .panel{right:auto;left:20px}
.panel:focus{outline:none}
@keyframes hc-in{from{opacity:0;transform:translateY(12px)}}
button{cursor:pointer;border:0;background:none}
button:disabled{cursor:default;opacity:.6}
:focus-visible{outline:2px solid var(--hc,#2f5bea);outline-offset:2px}
.head{display:flex;align-items:center;gap:8px;padding:16px 12px 16px 20px;background:var(--hc,#2f5bea);color:var(--hc-ink,#fff)}
.head :focus-visible{outline-color:var(--hc-ink,#fff)}
.ht{flex:1;min-width:0}
.title{font-size:16px;font-weight:600;line-height:1.3;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sub{font-size:12.5px;min-height:1em}
.end{padding:6px 12px;border-radius:999px;background:rgba(0,0,0,.2);color:var(--hc-ink,#fff);font-size:13px;font-weight:500;white-space:nowrap}
.end:hover{background:rgba(0,0,0,.3)}
.min{display:grid;place-items:center;width:32px;height:32px;border-radius:8px;color:var(--hc-ink,#fff)}
.min:hover{background:rgba(0,0,0,.16)}
.body{flex:1;overflow-y:auto;padding:16px;background:#f6f7f9;overscroll-behavior:contain}
.ask{display:flex;align-items:center;gap:8px;flex-wrap:wrap;padding:10px 14px;background:#fff7e6;border-bottom:1px solid #f5dca6;color:#5c3a00;font-size:13px}
.ask p{flex:1;font-weight:600}
.ask .btn{width:auto;margin-top:0;padding:7px 12px}
.no{padding:7px 8px;font-weight:600;color:#5c3a00;text-decoration:underline}
.body:focus-visible{outline:2px solid var(--hc,#2f5bea);outline-offset:-2px}
.pre{display:flex;flex-direction:column;gap:14px}
.greet{align-self:flex-start;max-width:88%;padding:10px 14px;background:#fff;border:1px solid #e6e8ec;border-radius:16px 16px 16px 4px;white-space:pre-wrap}
.notice{padding:10px 12px;border-radius:10px;background:#fff7e6;border:1px solid #f5dca6;color:#7a4b00;font-size:13px}
.pf{display:flex;flex-direction:column;gap:4px;padding:16px;background:#fff;border:1px solid #e6e8ec;border-radius:14px}
.pf label{font-size:12.5px;font-weight:600;color:#4b5262;margin-top:8px}
.pf label:first-child{margin-top:0}
.opt{font-weight:400;color:#6b7280}
input,textarea{width:100%;padding:9px 12px;border:1px solid #d5d9e0;border-radius:10px;background:#fff;font-size:16px;resize:none}
input:focus,textarea:focus{outline:none;border-color:var(--hc,#2f5bea);box-shadow:0 0 0 3px color-mix(in srgb,var(--hc,#2f5bea) 18%,transparent)}
[aria-invalid=true]{border-color:#d92d20;box-shadow:0 0 0 1px #d92d20}
.ferr{margin:3px 0 0;color:#b42318;font-size:12.5px;font-weight:600}
.btn{margin-top:14px;padding:10px 16px;border-radius:10px;background:var(--hc,#2f5bea);color:var(--hc-ink,#fff);font-weight:600}
.btn:hover{filter:brightness(1.08)}
.loading{color:#6b7280;text-align:center;padding:24px 0}
.log{display:flex;flex-direction:column;gap:10px}
.row{display:flex;flex-direction:column;align-items:flex-start;max-width:85%}
.me{align-self:flex-end;align-items:flex-end}
.meta{display:flex;gap:6px;font-size:11.5px;color:#6b7280;padding:0 4px 2px}
.who{font-weight:600;color:#4b5262}
.bubble{padding:9px 13px;background:#fff;border:1px solid #e6e8ec;border-radius:16px 16px 16px 4px;white-space:pre-wrap;overflow-wrap:anywhere}
.me .bubble{background:var(--hc,#2f5bea);border-color:transparent;color:var(--hc-ink,#fff);border-radius:16px 16px 4px 16px}
.bubble a{color:inherit;text-decoration:underline}
.sending .bubble{opacity:.65}
.failed .bubble{opacity:.8;border:1px dashed #d92d20}
.state{font-size:11.5px;color:#6b7280;padding:2px 4px 0}
.failed .state{color:#b42318}
.retry{margin-left:6px;color:var(--hc,#2f5bea);font-size:11.5px;font-weight:600;text-decoration:underline}
.sys{align-self:center;max-width:90%;align-items:center;text-align:center;font-size:12px;color:#4b5262}
.sys .bubble{padding:3px 10px;border:0;border-radius:999px;background:#eceef2}
.typing{padding:4px 20px;font-size:12.5px;color:#6b7280;font-style:italic;background:#f6f7f9}
.conn{padding:6px 20px;font-size:12.5px;color:#7a4b00;background:#fff7e6}
.alert{margin:8px 12px 0;padding:9px 12px;border-radius:10px;background:#fdecec;border:1px solid #f8c9c5;color:#b42318;font-size:13px}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 10px 10px 14px;border-top:1px solid #eceef2;background:#fff}
.composer textarea{border:0;padding:8px 0;max-height:120px;box-shadow:none}
.att{flex:none;display:grid;place-items:center;width:34px;height:38px;color:#4b5262;border-radius:8px}
.att:hover{color:#1f2430;background:#f0f2f5}
.thumb{display:block;max-width:100%;max-height:180px;min-width:48px;min-height:32px;border-radius:10px}
.file{display:inline;font-weight:600;text-decoration:underline;text-align:left;color:inherit}
.fs{font-weight:400}
.ups{list-style:none;margin:0;padding:6px 14px 0;display:flex;flex-direction:column;gap:4px;font-size:12.5px;color:#4b5262}
.up{display:flex;align-items:center;gap:8px}
.up.failed{color:#b42318;flex-wrap:wrap}
.un{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:55%}
.up progress{flex:1;height:6px}
.send{flex:none;display:grid;place-items:center;width:38px;height:38px;border-radius:50%;background:var(--hc,#2f5bea);color:var(--hc-ink,#fff)}
.ended{padding:16px 20px 20px;border-top:1px solid #eceef2;text-align:center;color:#4b5262}
.ended .btn{width:100%}
.waited{display:flex;flex-direction:column;gap:6px;margin:0 12px 8px;padding:12px;border-radius:12px;background:#fff7e6;border:1px solid #f5dca6;color:#5c3a00;font-size:13px}
.waited label{font-weight:600}
.waited .btn{margin-top:4px}
.rate,.tm{display:flex;flex-direction:column;gap:6px;margin:12px 0 4px;text-align:left}
.rq{font-weight:600;color:#1f2430;text-align:center}
.rb{display:flex;gap:8px;justify-content:center}
.rb button{flex:1;padding:8px 12px;border:1px solid #d5d9e0;border-radius:10px;background:#fff;font-weight:600}
.rb button[aria-pressed=true]{border-color:var(--hc,#2f5bea);box-shadow:inset 0 0 0 1px var(--hc,#2f5bea);background:color-mix(in srgb,var(--hc,#2f5bea) 8%,#fff)}
.rate label,.tm label{font-size:12.5px;font-weight:600;color:#4b5262;margin-top:4px}
.rate .btn,.tm .btn{margin-top:6px}
.rated,.tsent{margin:12px 0 4px;font-weight:600;color:#11603a;outline:none}
@media (max-width:480px){.panel{inset:0;width:100%;height:100%;border-radius:0;animation:none}}
@media (prefers-reduced-motion:reduce){.panel{animation:none}}
"#;
