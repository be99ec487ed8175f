// The scoring engine reports each signal as scored (0-10), not applicable, or insufficient evidence, with an
// explanation and evidence refs. Its status may arrive as a flat string with `score`/`reason` fields or as a
// single-key object ({"scored": 7.5} / {"not_applicable": "why"}), depending on how the report was serialised.

const STATUS_ALIASES = {
  scored: 'scored',
  notapplicable: 'not_applicable',
  not_applicable: 'not_applicable',
  na: 'not_applicable',
  insufficient: 'insufficient',
}

const canonical = (raw) => STATUS_ALIASES[String(raw).toLowerCase()] ?? STATUS_ALIASES[String(raw).toLowerCase().replace(/_/g, '')]

const titleCase = (id) =>
  String(id)
    .replace(/[_-]+/g, ' ')
    .replace(/\b\w/g, (c) => c.toUpperCase())

export function normalizeSignal(signal) {
  let status = null
  let score = typeof signal.score === 'number' ? signal.score : null
  let reason = signal.reason ?? null
  if (signal.status && typeof signal.status === 'object') {
    const [[key, value]] = Object.entries(signal.status)
    status = canonical(key)
    if (typeof value === 'number') score = value
    else if (typeof value === 'string') reason = value
  } else if (signal.status) {
    status = canonical(signal.status)
  }
  if (!status) status = score === null ? 'not_applicable' : 'scored'
  return {
    key: String(signal.id ?? signal.name),
    name: signal.name ?? titleCase(signal.id ?? 'signal'),
    status,
    score: status === 'scored' ? score : null,
    reason,
    explanation: signal.explanation ?? '',
    evidence: Array.isArray(signal.evidence) ? signal.evidence : [],
  }
}

// "[run 7]", "[test test_parse]", "[snap 41→42]": one short label per evidence ref.
export function evidenceLabel(ref) {
  if (ref === null || ref === undefined) return ''
  if (typeof ref !== 'object') return String(ref)
  const entries = Object.entries(ref)
  if (entries.length === 1) {
    const [kind, value] = entries[0]
    if (value && typeof value === 'object') return `${titleCase(kind)} ${Object.values(value).join(' ')}`
    return `${titleCase(kind)} ${value}`
  }
  const kind = ref.kind ?? ref.type
  const rest = Object.entries(ref).filter(([k]) => k !== 'kind' && k !== 'type')
  return [kind && titleCase(kind), ...rest.map(([, v]) => v)].filter((v) => v !== undefined && v !== null && v !== '').join(' ')
}
