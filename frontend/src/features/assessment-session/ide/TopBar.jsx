import { Button } from '../../../components/ui/index.js'
import { formatRemaining, timerClass } from '../session/timer.js'

export default function TopBar({ taskName, remaining, taskOpen, onToggleTask, onSubmit, submitting }) {
  return (
    <header className="flex items-center gap-3 border-b-2 border-ink bg-ink px-4 py-2 text-paper">
      <span aria-hidden="true" className="border-2 border-paper bg-brand px-1.5 font-black">
        T
      </span>
      <h1 className="min-w-0 flex-1 truncate text-lg font-black">{taskName}</h1>
      <Button variant="secondary" size="sm" aria-expanded={taskOpen} aria-controls="task-panel" onClick={onToggleTask}>
        {taskOpen ? 'Hide task' : 'Show task'}
      </Button>
      <p
        role="timer"
        aria-live="off"
        data-testid="timer"
        className={`border-2 border-paper px-3 py-1 font-mono text-base font-bold tabular-nums ${timerClass(remaining)}`}
      >
        {formatRemaining(remaining)} remaining
      </p>
      <Button id="ide-submit" onClick={onSubmit} loading={submitting} className="border-paper">
        Submit
      </Button>
    </header>
  )
}
