/** The recovery code as it is shown and printed: groups to read aloud, a page to print. */

/** The code's groups (`ABCD-EFGH-…` → `['ABCD', 'EFGH', …]`), to read aloud one by one. */
export function recoveryGroups(code: string): string[] {
  return code.split(/[-\s]+/).filter((group) => group.length > 0)
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The page printed by 打印: the title, the groups in large type and the explanation. */
export function recoveryPrintPage(title: string, code: string, intro: string): string {
  const groups = recoveryGroups(code)
    .map((group) => `<span>${escapeHtml(group)}</span>`)
    .join(' ')
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
body{font-family:sans-serif;margin:48px}h1{font-size:20px}p{line-height:1.6}
.code{font:600 28px monospace;letter-spacing:.1em;word-spacing:.6em;margin:32px 0}
</style></head><body><h1>${escapeHtml(title)}</h1><div class="code">${groups}</div><p>${escapeHtml(intro)}</p></body></html>`
}

/** Prints `html` from a hidden frame (the app's window is not printed), then removes the frame. */
export function printPage(html: string, doc: Document = document): void {
  const frame = doc.createElement('iframe')
  frame.setAttribute('aria-hidden', 'true')
  frame.style.position = 'fixed'
  frame.style.width = '0'
  frame.style.height = '0'
  frame.style.border = '0'
  doc.body.appendChild(frame)
  const view = frame.contentWindow
  if (view) {
    view.document.open()
    view.document.write(html)
    view.document.close()
    view.focus()
    view.print()
  }
  setTimeout(() => frame.remove(), 1000)
}
