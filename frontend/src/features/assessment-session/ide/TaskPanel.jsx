import Markdown from '../../../shared/markdown/Markdown.jsx'

// The task brief above the editor; collapsible so the editor can have the full height.
export default function TaskPanel({ task, open }) {
  if (!open) return null
  return (
    <section id="task-panel" aria-label="Task description" className="max-h-[35%] shrink-0 overflow-y-auto border-b-2 border-ink bg-brand-light px-4 py-3 text-sm">
      <Markdown text={task.description || 'No description was provided for this task.'} />
      {task.test_code && (
        <details className="mt-2">
          <summary className="cursor-pointer font-bold">Visible tests</summary>
          <pre className="mt-1 overflow-x-auto border-2 border-ink bg-paper p-2 font-mono text-xs">{task.test_code}</pre>
        </details>
      )}
    </section>
  )
}
