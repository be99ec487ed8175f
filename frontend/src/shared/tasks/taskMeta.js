// The API's words for a task's difficulty and type, in the order the selects offer them. Labels are what people
// read; the API only ever receives `value`.
export const DIFFICULTIES = [
  { value: 'junior', label: 'Junior', tone: 'green' },
  { value: 'mid', label: 'Mid-Level', tone: 'yellow' },
  { value: 'senior', label: 'Senior', tone: 'red' },
  { value: 'staff', label: 'Staff+', tone: 'black' },
]

export const TASK_TYPES = [
  { value: 'debugging', label: 'Debugging' },
  { value: 'ai_engineering', label: 'AI Engineering' },
  { value: 'optimization', label: 'Optimization' },
  { value: 'build', label: 'Build from Scratch' },
  { value: 'refactor', label: 'Refactoring' },
]

export const DEFAULT_DIFFICULTY = 'mid'
export const DEFAULT_TASK_TYPE = 'debugging'

const find = (list, value) => list.find((item) => item.value === value)

export const isDifficulty = (value) => Boolean(find(DIFFICULTIES, value))
export const isTaskType = (value) => Boolean(find(TASK_TYPES, value))

// A word this version does not know (an older task, a newer server) still shows, as sent.
export const difficultyLabel = (value) => find(DIFFICULTIES, value)?.label ?? value ?? ''
export const taskTypeLabel = (value) => find(TASK_TYPES, value)?.label ?? value ?? ''
export const difficultyTone = (value) => find(DIFFICULTIES, value)?.tone ?? 'gray'
