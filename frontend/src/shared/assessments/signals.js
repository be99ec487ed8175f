// The scoring engine's signals (score_report.signals): `{id: "S1".."S9", title, status, explanation, evidence}`.
// `status` is tagged: {status: "scored", score} or {status: "not_applicable" | "insufficient" | "not_graded",
// reason}. Only a scored signal has a number; the others drop out of the overall score and say why.

export const CODE_QUALITY_SIGNAL = 'S2'

export function normalizeSignal(signal) {
  const status = signal.status?.status ?? 'not_graded'
  const score = status === 'scored' && typeof signal.status.score === 'number' ? signal.status.score : null
  return {
    key: String(signal.id),
    name: signal.title || String(signal.id),
    status: score === null ? (status === 'scored' ? 'not_graded' : status) : 'scored',
    score,
    reason: signal.status?.reason ?? null,
    explanation: signal.explanation ?? '',
    evidence: Array.isArray(signal.evidence) ? signal.evidence : [],
  }
}

// One short label per evidence ref, close to how the engine's explanations cite them: "run 7", "test run 3: test_x",
// "prompt 2", "snap 4→5".
const EVIDENCE_LABELS = {
  hidden_test: (r) => r.name,
  test_run: (r) => (r.test ? `test run ${r.id}: ${r.test}` : `test run ${r.id}`),
  run: (r) => `run ${r.id}`,
  exchange: (r) => `prompt ${r.id}`,
  snapshot: (r) => `snap ${r.seq}`,
  snap_diff: (r) => `snap ${r.from}→${r.to}`,
  paste: (r) => `paste ${r.index}`,
  focus: (r) => `focus ${r.index}`,
  lines: (r) => `snap ${r.seq} lines ${r.from}-${r.to}`,
  final: () => 'final code',
}

export function evidenceLabel(ref) {
  const label = EVIDENCE_LABELS[ref?.kind]
  return label ? label(ref) : String(ref?.kind ?? 'evidence')
}
