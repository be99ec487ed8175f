import { reportFigures } from '../../../shared/assessments/figures.js'

// What a side-by-side view needs from 2–4 assessment details; the figures are the report's own (figures.js), so
// each matches the detail page. Returns { problem } when the set cannot be compared.
export function comparison(details) {
  if (details.length < 2) return { problem: 'Pick at least two assessments to compare.' }
  const unfinished = details.find((d) => d.status !== 'completed')
  if (unfinished) return { problem: `${unfinished.candidate_name || unfinished.candidate_email}'s assessment is not completed, so it has no results to compare.` }
  const taskIds = new Set(details.map((d) => d.task_id))
  if (taskIds.size > 1) return { problem: 'These assessments are of different tasks; only results of the same task compare fairly.' }
  const columns = details.map((d) => {
    const figures = reportFigures(d.score_report)
    const tests = d.test_results ?? {}
    return {
      id: d.id,
      name: d.candidate_name || d.candidate_email,
      email: d.candidate_email,
      score: d.score,
      testsPassed: tests.tests_passed ?? d.tests_passed,
      testsTotal: tests.tests_total ?? d.tests_total,
      startedAt: d.started_at,
      completedAt: d.completed_at,
      prompts: Array.isArray(d.ai_prompts) ? d.ai_prompts.length : 0,
      aiCollaboration: figures.aiCollaboration,
      byId: figures.byId,
    }
  })
  // Every signal any of them has, in the engine's order (S1..S9) under its title.
  const signals = new Map()
  for (const d of details) for (const s of reportFigures(d.score_report).signals) if (!signals.has(s.key)) signals.set(s.key, s.name)
  const signalRows = [...signals.entries()].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })).map(([key, name]) => ({ key, name }))
  return { taskName: details[0].task_name, columns, signalRows }
}

// Ids from "?ids=3,5,9": unique whole numbers, in the order given.
export function parseIds(raw) {
  const ids = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d+$/.test(s))
  return [...new Set(ids)]
}
