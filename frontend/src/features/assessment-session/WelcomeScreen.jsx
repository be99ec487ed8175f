import { Badge, Button } from '../../components/ui/index.js'
import { DifficultyBadge, TaskTypeBadge } from '../../shared/tasks/TaskBadges.jsx'
import SessionShell from './SessionShell.jsx'

import { AI_MODE_RULE, DEFAULT_AI_MODE, aiModeLabel } from '../../shared/assessments/aiModes.js'

// The AI rule comes from the assessment's policy and is listed second.
const RULES = [
  'The timer starts when you press Start and keeps running if you close the tab; reopen the link to continue.',
  'Run your code and the visible tests as often as you like; hidden tests are run when you submit.',
  'Your work is saved as you type. When the time is up, it is submitted automatically.',
]

export default function WelcomeScreen({ info, onStart }) {
  const { task } = info
  const aiMode = info.ai_mode ?? DEFAULT_AI_MODE
  const rules = [RULES[0], AI_MODE_RULE[aiMode] ?? AI_MODE_RULE[DEFAULT_AI_MODE], ...RULES.slice(1)]
  return (
    <SessionShell>
      <p className="text-sm font-bold uppercase text-brand">{info.organization_name} invited you</p>
      <h1 className="mt-1 text-3xl font-black tracking-tight">Hello {info.candidate_name}</h1>
      {/* The workspace is three panes side by side; a phone can take the assessment, but cramped. */}
      <p data-testid="small-screen-notice" className="mt-4 border-2 border-ink bg-yellow-100 p-3 text-sm font-semibold md:hidden">
        This assessment is best on a laptop or desktop: the editor, the console and the assistant sit side by side. You can continue
        here.
      </p>
      <section aria-label="Task" className="mt-6 border-2 border-ink p-4">
        <h2 className="text-xl font-black">{task.name}</h2>
        <div className="mt-2 flex flex-wrap gap-2">
          <TaskTypeBadge taskType={task.task_type} />
          <DifficultyBadge difficulty={task.difficulty} />
          <Badge tone="black">{task.duration_minutes} minutes</Badge>
          <Badge tone={aiMode === 'off' ? 'red' : 'black'} data-testid="ai-mode">
            AI assistant: {aiModeLabel(aiMode)}
          </Badge>
        </div>
      </section>
      <h2 className="mt-6 text-sm font-black uppercase">Before you start</h2>
      <ul className="mt-2 flex list-disc flex-col gap-1 pl-5 text-sm">
        {rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <Button size="lg" className="mt-8 w-full" onClick={onStart}>
        Start the assessment
      </Button>
    </SessionShell>
  )
}
