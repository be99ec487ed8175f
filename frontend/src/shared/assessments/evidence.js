// Evidence links of a score report: what each one is called for a person, and where on the detail page it lives.
// The engine cites `[test run 3]`, `[prompt 1]`, `[snap 4→5]`, `[snap final]`, `[test name]` in its prose, with the
// same numbers as the timeline's own `ref`s ("test run 3", "prompt 1").

// `mm:ss` into the session.
export function sessionClock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

// The timeline entry a run, test run or prompt ref points at.
function timelineEntry(ref, timeline) {
  const key = { run: `run ${ref.id}`, test_run: `test run ${ref.id}`, exchange: `prompt ${ref.id}` }[ref.kind]
  return key ? (timeline ?? []).find((e) => e.ref === key) : undefined
}

// "Test run #3 at 03:40 into the session", "Prompt #1 at 01:00 into the session", "Code change 4→5".
export function humanLabel(ref, timeline) {
  const entry = timelineEntry(ref, timeline)
  const at = entry && typeof entry.t_ms === 'number' ? ` at ${sessionClock(entry.t_ms)} into the session` : ''
  switch (ref?.kind) {
    case 'run':
      return `Run #${ref.id}${at}`
    case 'test_run':
      return `Test run #${ref.id}${ref.test ? ` (${ref.test})` : ''}${at}`
    case 'exchange':
      return `Prompt #${ref.id}${at}`
    case 'snapshot':
      return `Code snapshot #${ref.seq}`
    case 'snap_diff':
      return `Code change ${ref.from}→${ref.to}`
    case 'lines':
      return `Snapshot #${ref.seq}, lines ${ref.from}-${ref.to}`
    case 'final':
      return 'Submitted code'
    case 'hidden_test':
      return `Hidden test ${ref.name}`
    case 'paste':
      return `Paste #${ref.index}`
    case 'focus':
      return `Absence #${ref.index}`
    default:
      return 'Evidence'
  }
}

// The moment (ms into the session) of the n-th timeline entry of a type, or of the entry with a given ref.
function momentOf(timeline, match) {
  const entry = (timeline ?? []).filter((e) => typeof e.t_ms === 'number').find(match)
  return entry ? entry.t_ms : null
}

// Where a ref opens: the tab, and the element id inside it to scroll to and highlight; pastes and absences open
// the replay at their moment (`t`, ms), found in the timeline.
export function evidenceTarget(ref, timeline) {
  switch (ref?.kind) {
    case 'paste': {
      const t = momentOf(timeline, (e) => e.ref === `paste ${ref.index}`)
      return t === null ? null : { tab: 'replay', anchor: null, t }
    }
    case 'focus': {
      const lost = (timeline ?? []).filter((e) => e.type === 'focus_lost' && typeof e.t_ms === 'number')
      const entry = lost[ref.index - 1]
      return entry ? { tab: 'replay', anchor: null, t: entry.t_ms } : null
    }
    case 'run':
      return { tab: 'timeline', anchor: `evidence-run-${ref.id}` }
    case 'test_run':
      return { tab: 'timeline', anchor: `evidence-test-run-${ref.id}` }
    case 'exchange':
      return { tab: 'ai', anchor: `evidence-prompt-${ref.id}` }
    case 'hidden_test':
      return { tab: 'tests', anchor: null }
    case 'snapshot':
    case 'snap_diff':
    case 'lines':
    case 'final':
      return { tab: 'code', anchor: null }
    default:
      return null
  }
}

// The anchor id of a timeline entry with a `ref` such as "test run 3".
export function timelineAnchor(entryRef) {
  return entryRef ? `evidence-${String(entryRef).replace(/\s+/g, '-')}` : undefined
}

// The engine's link label (without brackets) as a ref, or null for text that is not a link.
export function parseLabel(label) {
  let m
  if ((m = /^test run (\d+)(?:: (.+))?$/.exec(label))) return { kind: 'test_run', id: Number(m[1]), test: m[2] ?? null }
  if ((m = /^run (\d+)$/.exec(label))) return { kind: 'run', id: Number(m[1]) }
  if ((m = /^prompt (\d+)$/.exec(label))) return { kind: 'exchange', id: Number(m[1]) }
  if (label === 'snap final') return { kind: 'final' }
  if ((m = /^snap (\d+) lines (\d+)-(\d+)$/.exec(label))) return { kind: 'lines', seq: Number(m[1]), from: Number(m[2]), to: Number(m[3]) }
  if ((m = /^snap (\d+)→(\d+)$/.exec(label))) return { kind: 'snap_diff', from: Number(m[1]), to: Number(m[2]) }
  if ((m = /^snap (\d+)$/.exec(label))) return { kind: 'snapshot', seq: Number(m[1]) }
  if ((m = /^paste (\d+)$/.exec(label))) return { kind: 'paste', index: Number(m[1]) }
  if ((m = /^focus (\d+)$/.exec(label))) return { kind: 'focus', index: Number(m[1]) }
  if ((m = /^test (\S+)$/.exec(label))) return { kind: 'hidden_test', name: m[1] }
  return null
}

// An explanation split into text and links: `[test run 3]` becomes a ref the view renders as a chip.
export function explanationParts(text) {
  const parts = []
  let last = 0
  for (const m of String(text ?? '').matchAll(/\[([^\]]+)\]/g)) {
    const ref = parseLabel(m[1])
    if (!ref) continue
    if (m.index > last) parts.push({ text: text.slice(last, m.index) })
    parts.push({ ref })
    last = m.index + m[0].length
  }
  if (last < String(text ?? '').length) parts.push({ text: text.slice(last) })
  return parts
}
