import { Badge, Button } from '../../components/ui/index.js'
import { DifficultyBadge, TaskTypeBadge } from '../../shared/tasks/TaskBadges.jsx'
import { markdownPreview } from '../../shared/markdown/markdown.js'

const EyeIcon = () => (
  <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2.5">
    <path d="M1 12s4-7 11-7 11 7 11 7-4 7-11 7S1 12 1 12z" />
    <circle cx="12" cy="12" r="3" />
  </svg>
)

export default function TaskCard({ task, onView, onEdit, onDelete }) {
  return (
    <article className="brutal-box flex flex-col gap-3 p-4" data-testid="task-card">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-lg font-black">{task.name}</h3>
        <div className="flex gap-1">
          {task.is_template && <Badge tone="black">Template</Badge>}
          {task.is_active === false && <Badge tone="gray">Archived</Badge>}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <DifficultyBadge difficulty={task.difficulty} />
        <TaskTypeBadge taskType={task.task_type} />
        <span>{task.duration_minutes} min</span>
      </div>
      <p className="line-clamp-3 flex-1 text-sm text-neutral-700">{markdownPreview(task.description)}</p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={() => onView(task)} aria-label={`View ${task.name}`}>
          <EyeIcon /> View
        </Button>
        {!task.is_template && (
          <>
            <Button variant="secondary" size="sm" onClick={() => onEdit(task)} aria-label={`Edit ${task.name}`}>
              Edit
            </Button>
            <Button variant="danger" size="sm" onClick={() => onDelete(task)} aria-label={`Delete ${task.name}`}>
              Delete
            </Button>
          </>
        )}
      </div>
    </article>
  )
}
