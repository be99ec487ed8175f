// Email HTML is untrusted: it renders in a sandboxed iframe with no scripts and no same-origin access.
// `<base target="_blank">` makes its links open in a new tab (allowed by allow-popups) instead of inside the frame.
export const EMAIL_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox'

export function emailSrcDoc(html) {
  return `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"></head><body>${html ?? ''}</body></html>`
}
