export const TASK_TYPES = ['debugging', 'rag', 'feature', 'refactoring', 'data']
export const DIFFICULTIES = ['easy', 'medium', 'hard']
export const DIFFICULTY_TONE = { easy: 'green', medium: 'yellow', hard: 'red' }
