import { messages, pageLanguage } from './page-text.js';

export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1f36;background:#f6f9fc}
.wrap{max-width:960px;margin:0 auto;padding:32px 20px;display:flex;gap:40px;flex-wrap:wrap}
.col{flex:1 1 380px}.card{background:#fff;border-radius:8px;box-shadow:0 2px 5px rgba(60,66,87,.08),0 0 0 1px rgba(60,66,87,.08);padding:24px;margin-bottom:20px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 12px}.muted{color:#556070;font-size:13px}
.badge{display:inline-block;background:#ffde92;color:#8a5a00;border-radius:4px;padding:1px 6px;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
table{width:100%;border-collapse:collapse}td{padding:8px 0;border-bottom:1px solid #e3e8ee;vertical-align:top}td.amt{text-align:right;white-space:nowrap}
tr.total td{font-weight:600;border-bottom:none}
label{display:block;font-size:13px;color:#3c4257;margin:12px 0 4px}
input[type=text],input[type=email]{width:100%;padding:9px 11px;border:1px solid #cfd7df;border-radius:6px;font-size:15px}
input:focus{outline:2px solid #635bff;border-color:#635bff}
button:focus-visible,a:focus-visible{outline:2px solid #635bff;outline-offset:2px}
.row{display:flex;gap:12px}.row>div{flex:1}
button,.button{display:inline-block;background:#635bff;color:#fff;border:0;border-radius:6px;padding:10px 16px;font-size:15px;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#3c4257;box-shadow:0 0 0 1px #cfd7df}button.danger{background:#df1b41}
button.wide{width:100%;margin-top:18px}
.tabs{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:4px}.tabs>label{margin:0;border:1px solid #cfd7df;border-radius:6px;padding:8px 12px;cursor:pointer;font-weight:600}
/* The radios stay in the page (not display:none) so arrow keys move between methods. */
.tabs>input{position:absolute;opacity:0;width:1px;height:1px;margin:0}.tabs>input:checked+label{border-color:#635bff;color:#4b44d6;box-shadow:0 0 0 1px #635bff}.tabs>input:focus-visible+label{outline:2px solid #635bff;outline-offset:2px}
.pane{display:none}#m-card:checked~.panes .p-card,#m-sepa_debit:checked~.panes .p-sepa_debit,#m-au_becs_debit:checked~.panes .p-au_becs_debit,#m-klarna:checked~.panes .p-klarna{display:block}
.error{background:#fff0f0;color:#a41c2e;border:1px solid #f5c2c7;border-radius:6px;padding:10px 12px;margin-bottom:16px}
.ok{background:#eefbf3;color:#0e6245;border:1px solid #b5e6c9;border-radius:6px;padding:10px 12px;margin-bottom:16px}
a{color:#4b44d6}.back{display:inline-block;margin-bottom:16px;color:#556070;text-decoration:none}.back:hover{text-decoration:underline}
form.inline{display:inline}
`;

/** The tab icon: a test-mode mark (served at /favicon.ico too, for tools that ask there). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#635bff"/><path d="M9 20.6c1.6 1.1 3.8 1.9 6.2 1.9 2 0 3-.6 3-1.6 0-2.6-9-1.5-9-7.3C9.2 10.5 11.7 8.5 16 8.5c2.2 0 4.3.5 5.8 1.4l-1.1 3.2c-1.4-.8-3-1.2-4.6-1.2-1.8 0-2.6.6-2.6 1.5 0 2.5 9 1.4 9 7.2 0 3.2-2.6 5.1-7.1 5.1-2.8 0-5.5-.8-7.3-2z" fill="#fff"/></svg>';
const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}">`;

/** A whole page in the page's language: no scripts, no external assets, so it works offline and in any test browser. */
export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="${pageLanguage()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${FAVICON_LINK}<style>${CSS}</style></head><body><main>${body}</main></body></html>`;
}

/** The not-found page; `what` is already in the page's language. */
export function notFound(what: string): { status: number; body: string } {
  const title = messages().notFound.title;
  return { status: 404, body: layout(title, `<div class="wrap"><div class="col card"><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(what)}</p></div></div>`) };
}
