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
