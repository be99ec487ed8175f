// The replay's keyboard controls: which action a key press asks for, or null to leave it to the browser.

const SMALL_STEP_MS = 5_000
const BIG_STEP_MS = 30_000

export function replayKeyAction(event) {
  const tag = event.target?.tagName
  // Typing in the editor (a textarea) or choosing a speed keeps its keys.
  if (tag === 'TEXTAREA' || tag === 'SELECT' || event.target?.isContentEditable) return null
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  switch (event.key) {
    case ' ':
    case 'k':
      // A focused button already answers Space by clicking.
      return tag === 'BUTTON' && event.key === ' ' ? null : { type: 'toggle' }
    case 'ArrowLeft':
    case 'ArrowRight': {
      // The slider moves itself by a second; elsewhere the arrows step.
      if (tag === 'INPUT' && !event.shiftKey) return null
      const ms = event.shiftKey ? BIG_STEP_MS : SMALL_STEP_MS
      return { type: 'step', ms: event.key === 'ArrowLeft' ? -ms : ms }
    }
    case '[':
      return { type: 'marker', direction: -1 }
    case ']':
      return { type: 'marker', direction: 1 }
    case 'Home':
      return tag === 'INPUT' ? null : { type: 'start' }
    case 'End':
      return tag === 'INPUT' ? null : { type: 'end' }
    default:
      return null
  }
}
