// Copies text, falling back to a hidden textarea where the async Clipboard API is unavailable
// (plain-http deployments and some embedded browsers).
export async function copyText(text) {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // fall through to the legacy path
    }
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  const ok = typeof document.execCommand === 'function' && document.execCommand('copy')
  area.remove()
  return Boolean(ok)
}
