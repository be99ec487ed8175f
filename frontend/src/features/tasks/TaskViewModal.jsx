import CodeEditor from '../../components/CodeEditor.jsx'
import { Badge, Modal } from '../../components/ui/index.js'
import Markdown from '../../shared/markdown/Markdown.jsx'
import { DifficultyBadge, TaskTypeBadge } from '../../shared/tasks/TaskBadges.jsx'

export default function TaskViewModal({ task, onClose }) {
  return (
    <Modal open={Boolean(task)} onClose={onClose} title={task?.name ?? ''} width="max-w-4xl">
      {task && (
        <div className="flex flex-col gap-4">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <DifficultyBadge difficulty={task.difficulty} />
            <TaskTypeBadge taskType={task.task_type} />
            <span>{task.duration_minutes} minutes</span>
            {task.is_template && <Badge tone="black">Template · view only</Badge>}
          </div>
          <div className="border-2 border-ink bg-brand-light px-4 py-3 text-sm" data-testid="task-description">
            <Markdown text={task.description || 'No description.'} />
          </div>
          {task.dependencies?.length > 0 && <p className="text-sm">Dependencies: {task.dependencies.join(', ')}</p>}
          <h3 className="font-black uppercase">Starter code</h3>
          <CodeEditor value={task.starter_code} readOnly height="260px" ariaLabel="Starter code (read-only)" />
          <h3 className="font-black uppercase">Visible tests</h3>
          <CodeEditor value={task.test_code} readOnly height="200px" ariaLabel="Visible tests (read-only)" />
        </div>
      )}
    </Modal>
  )
}
