import { Badge } from '../../components/ui/index.js'
import { difficultyLabel, difficultyTone, taskTypeLabel } from './taskMeta.js'

export function DifficultyBadge({ difficulty }) {
  return <Badge tone={difficultyTone(difficulty)}>{difficultyLabel(difficulty)}</Badge>
}

export function TaskTypeBadge({ taskType }) {
  return <Badge tone="purple">{taskTypeLabel(taskType)}</Badge>
}
