// Every figure of an assessment report, read once from `score_report` so that each view (Signals, AI Usage, Code
// Review) shows the same number under the same label. The engine computes each figure once; nothing here
// recomputes one.
import { normalizeSignal } from './signals.js'

export const AI_COLLABORATION_LABEL = 'AI collaboration'
// AI-usage efficiency, prompt quality, verification of AI output: the signals behind the AI-collaboration figure.
export const AI_SIGNALS = ['S4', 'S5', 'S8']
export const PROMPT_QUALITY_SIGNAL = 'S5'

export const STATUS_TEXT = {
  not_applicable: 'Not applicable',
  insufficient: 'Not enough evidence',
  not_graded: 'Not graded',
}

export function reportFigures(report) {
  const signals = Array.isArray(report?.signals) ? report.signals.map(normalizeSignal) : []
  const byId = Object.fromEntries(signals.map((s) => [s.key, s]))
  const aiScore = typeof report?.ai_collaboration === 'number' ? report.ai_collaboration : null
  // Reports stored before the engine explained a missing sub-score fall back to what the value meant then.
  const aiNote = aiScore === null ? (report?.ai_collaboration_note ?? (report ? 'No AI used' : null)) : null
  const leftOut = Array.isArray(report?.left_out) ? report.left_out : []
  return {
    signals,
    byId,
    aiCollaboration: { label: AI_COLLABORATION_LABEL, score: aiScore, note: aiNote },
    leftOut,
    promptScores: promptScores(report, byId[PROMPT_QUALITY_SIGNAL]),
    integrity: integrity(report),
  }
}

// The engine's integrity items (S10 flags) and the review band they put the assessment in, as stored: items for
// a person to check, never part of the score.
function integrity(report) {
  const flags = Array.isArray(report?.flags) ? report.flags : []
  return {
    band: report?.review?.band ?? (flags.length > 0 ? 'note' : 'none'),
    count: report?.review?.count ?? flags.length,
    flags: flags.map((f) => ({ kind: f.kind, severity: f.severity, explanation: f.explanation ?? '', evidence: Array.isArray(f.evidence) ? f.evidence : [] })),
  }
}

// Each prompt's points toward the prompt-quality signal (feature `prompt_<id>`), only when that signal was scored:
// a prompt has no quality figure of its own when the signal is left out.
function promptScores(report, signal) {
  if (!signal || signal.status !== 'scored') return {}
  const raw = (report.signals ?? []).find((s) => s.id === PROMPT_QUALITY_SIGNAL)?.features ?? {}
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([name, v]) => /^prompt_\d+$/.test(name) && typeof v === 'number')
      .map(([name, v]) => [Number(name.slice('prompt_'.length)), Math.round(v * 10) / 10]),
  )
}
