// Words for the understanding check's states, shared by the tab and its tests.
const STATUS = {
  not_taken: 'The candidate has not taken the check.',
  open: 'The candidate is answering now.',
  answered: 'Answered.',
  skipped: 'The candidate skipped the check. It is left out of the score, never counted as zero.',
  expired: 'The candidate did not answer within the time limit. It is left out of the score.',
}

const GRADING = {
  pending: 'The AI judge is grading the answers against the code.',
  failed: 'The AI judge could not grade these answers; grade them below.',
  recruiter: 'No AI provider is configured: grade each answer below.',
}

export const statusText = (view) => STATUS[view.status] ?? view.status
export const gradingText = (view) => (view.status === 'answered' ? GRADING[view.grading] ?? '' : '')

// The grade buttons: a person's call on each answer.
export const GRADE_CHOICES = [
  { label: 'Correct', score: 10 },
  { label: 'Partly', score: 5 },
  { label: 'Wrong', score: 0 },
]

export const canGrade = (view) => view.status === 'answered' && view.grading !== 'pending'

export function gradeLabel(grade) {
  if (!grade || grade.score == null) return 'Not graded'
  const by = { ai: 'AI judge', recruiter: 'recruiter', rule: 'left blank' }[grade.by] ?? grade.by
  return `${grade.score}/10 · ${by}`
}
