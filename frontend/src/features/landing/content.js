// Marketing copy kept apart from layout so wording changes never touch markup.

export const CONTACT_EMAIL = 'hello@tali.dev'
export const DEMO_MAILTO = `mailto:${CONTACT_EMAIL}?subject=${encodeURIComponent('TALI demo request')}`

// The ten signals the scoring engine reports, each backed by evidence from the session.
export const DATA_POINTS = [
  { name: 'Correctness', detail: 'Hidden tests, weighted per task, blind to AI use.' },
  { name: 'Code quality', detail: 'Lint findings, debug leftovers and churn in the lines they changed.' },
  { name: 'Time efficiency', detail: 'Time to a verified working state against the limit.' },
  { name: 'AI-usage efficiency', detail: 'How many AI exchanges actually moved the work forward.' },
  { name: 'Prompt quality', detail: 'Grounded, specific prompts that quote the real error.' },
  { name: 'Design thinking', detail: 'Planning and design questions before writing code.' },
  { name: 'Debugging approach', detail: 'Run, read the failure, make a targeted fix, run again.' },
  { name: 'Verification of AI output', detail: 'Did they run or test what the AI gave them?' },
  { name: 'Independence', detail: 'Who wrote the final code: typed, pasted or adopted from AI.' },
  { name: 'Integrity signals', detail: 'Large pastes and focus loss, flagged for review, never auto-rejected.' },
]

export const FEATURES = [
  { title: 'A real, broken codebase', body: 'Candidates fix bugs in a working Python project, the job they will actually do, not a puzzle.' },
  { title: 'AI pair in the browser', body: 'A full editor, a sandbox to run code and tests, and an AI assistant. Every prompt is recorded.' },
  { title: 'Scores with evidence', body: 'Every number links back to the test, prompt, run or snapshot it came from.' },
  { title: 'Fits your hiring flow', body: 'Send a link in seconds, get a PDF report, and post results to Workable.' },
]

export const PLANS = [
  {
    name: 'Pay-per-use',
    price: '£25',
    unit: 'per assessment',
    points: ['No commitment', 'Full scoring report and PDF', 'Buy credits when you need them'],
    highlighted: false,
  },
  {
    name: 'Monthly',
    price: '£300',
    unit: 'per month',
    points: ['For teams hiring every month', 'Workable integration', 'Priority support'],
    highlighted: true,
  },
]
