// The replay answer turned into what the player shows: every code state rebuilt from its line diff, the markers
// of the scrubber, and the moments where something happened (for skipping idle stretches).

// The address of the replay at `t` ms, in seconds: `#/assessments/12?tab=replay&t=754` (with milliseconds when
// the moment has them, so a link to a paste lands on it, not on the second before).
export function replayHash(id, t) {
  return `#/assessments/${id}?tab=replay&t=${Math.round(Math.max(0, t)) / 1000}`
}

// Each snapshot `{at, keep_start, keep_end, lines}` keeps `keep_start` lines from the start and `keep_end` from
// the end of the previous state and puts `lines` between them; the first starts from empty text.
export function rebuildStates(snapshots) {
  const states = []
  let lines = []
  for (const s of snapshots ?? []) {
    lines = [...lines.slice(0, s.keep_start), ...s.lines, ...lines.slice(lines.length - s.keep_end)]
    states.push({ at: s.at, code: lines.join('\n') })
  }
  return states
}

// The index of the last item with `at <= t` in a list sorted by `at`, or -1.
export function lastAtOrBefore(items, t) {
  let lo = 0
  let hi = items.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (items[mid].at <= t) {
      found = mid
      lo = mid + 1
    } else {
      hi = mid - 1
    }
  }
  return found
}

// The code on screen at `t`: the newest state saved by then, else the starter code.
export function codeAt(states, t, starter) {
  const i = lastAtOrBefore(states, t)
  return i < 0 ? (starter ?? '') : states[i].code
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`

// What each marker is called on the scrubber and in its list; `group` picks its colour and filter.
function describe(event) {
  const d = event.data ?? {}
  switch (event.type) {
    case 'paste':
      return { group: 'paste', label: `Paste from the clipboard (${plural(d.chars ?? 0, 'char')}${d.line ? `, line ${d.line}` : ''})` }
    case 'chat_insert':
      return { group: 'ai', label: `Inserted an AI reply (${plural(d.chars ?? 0, 'char')})` }
    case 'run':
      return { group: 'run', label: d.timed_out ? 'Ran the code: timed out' : `Ran the code: exit ${d.exit_code ?? '?'}` }
    case 'test_run':
      return { group: 'run', label: `Ran the tests: ${d.passed ?? '?'}/${d.total ?? '?'} passed` }
    case 'focus_lost':
      return { group: 'focus', label: 'Left the assessment tab' }
    case 'focus_gained':
      return { group: 'focus', label: 'Came back to the tab' }
    case 'ai_reply_cut':
      return { group: 'ai', label: `An AI reply was cut to a hint (${plural(d.removed_lines ?? 0, 'code line')} removed)` }
    default:
      return { group: 'other', label: event.type }
  }
}

// The scrubber's markers, in time order: stored events and the candidate's prompts to the AI.
export function buildMarkers(replay) {
  const markers = (replay?.events ?? []).map((e) => ({ at: e.at, type: e.type, ...describe(e) }))
  for (const m of replay?.chat ?? []) {
    if (m.role === 'user') markers.push({ at: m.at, type: 'ai_prompt', group: 'ai', label: `Asked the AI: ${m.content.slice(0, 80)}` })
  }
  return markers.sort((a, b) => a.at - b.at)
}

// Every moment something changed, sorted: code states, markers, chat messages.
export function activityTimes(states, markers, chat) {
  return [...states.map((s) => s.at), ...markers.map((m) => m.at), ...(chat ?? []).map((c) => c.at)].sort((a, b) => a - b)
}

// The first moment after `t`, or null.
export function nextActivity(times, t) {
  const i = lastAtOrBefore(times.map((at) => ({ at })), t)
  return i + 1 < times.length ? times[i + 1] : null
}

// The marker before the one at or before `t` (when `t` sits on a marker, the one before that), or null.
export function previousMarker(markers, t) {
  const i = lastAtOrBefore(markers, t)
  if (i < 0) return null
  return markers[i].at === t ? (markers[i - 1] ?? null) : markers[i]
}
