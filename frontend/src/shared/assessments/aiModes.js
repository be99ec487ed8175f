// The AI policy of an assessment (`ai_mode`), as the API words it and as people read it.
export const AI_MODES = [
  { value: 'full', label: 'Full assistant', help: 'The assistant helps as at work, code included.' },
  { value: 'hints', label: 'Hints only', help: 'Explanations and short snippets; longer code is cut from replies.' },
  { value: 'off', label: 'Off', help: 'No assistant; AI signals are left out of the score.' },
]

export const DEFAULT_AI_MODE = 'full'

export const aiModeLabel = (value) => AI_MODES.find((m) => m.value === value)?.label ?? value ?? ''

// What the candidate reads before starting.
export const AI_MODE_RULE = {
  full: 'AI use is allowed: the assistant may explain and write code. Your conversation with it, your runs and your edits are recorded for the review.',
  hints:
    'The AI assistant gives hints only: it explains and points the way, and code longer than a few lines is cut from its replies. Your conversation, runs and edits are recorded for the review.',
  off: 'This assessment has no AI assistant: work on your own. Your runs and edits are recorded for the review.',
}
