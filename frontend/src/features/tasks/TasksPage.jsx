import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Button, Card, ConfirmDialog, EmptyState, ErrorMessage, Spinner, useToast } from '../../components/ui/index.js'
import { errorMessage } from '../../lib/api.js'
import { useAsync } from '../../lib/useAsync.js'
import { createTask, deleteTask, listTasks, updateTask } from './api.js'
import DraftNotice from './DraftNotice.jsx'
import GenerateTaskModal from './GenerateTaskModal.jsx'
import { savedTaskMessage } from './proof.js'
import TaskCard from './TaskCard.jsx'
import { hasDraft } from '../../shared/sessionDraft.js'
import TaskForm, { draftKey } from './TaskForm.jsx'
import TaskViewModal from './TaskViewModal.jsx'

export default function TasksPage() {
  const toast = useToast()
  const tasks = useAsync(() => listTasks({ limit: 100 }), [])
  // null: list; 'new'; or a task. A new task left unsaved in this tab (a session that ended) opens again.
  const [editing, setEditing] = useState(() => (hasDraft(draftKey(null)) ? 'new' : null))
  const [draft, setDraft] = useState(null) // an unsaved AI draft prefilling 'new'
  const [generating, setGenerating] = useState(false)
  const [viewing, setViewing] = useState(null)
  const [deleting, setDeleting] = useState(null)
  const [deleteState, setDeleteState] = useState({ busy: false, error: '' })

  const closeForm = () => {
    setEditing(null)
    setDraft(null)
  }

  const onSave = async (payload) => {
    const created = editing === 'new'
    const saved = created ? await createTask(payload) : await updateTask(editing.id, payload)
    toast.show(savedTaskMessage({ ...saved, name: saved?.name ?? payload.name ?? editing.name }, created))
    closeForm()
    tasks.reload()
  }

  const onGenerated = (generated) => {
    setGenerating(false)
    setDraft(generated)
    setEditing('new')
  }

  const onDelete = async () => {
    setDeleteState({ busy: true, error: '' })
    try {
      await deleteTask(deleting.id)
      toast.show(`Task "${deleting.name}" deleted`)
      setDeleting(null)
      setDeleteState({ busy: false, error: '' })
      tasks.reload()
    } catch (error) {
      setDeleteState({ busy: false, error: errorMessage(error) })
    }
  }

  if (editing) {
    return (
      <>
        <PageHeader title={editing === 'new' ? 'New task' : `Edit ${editing.name}`} />
        {draft && <DraftNotice validation={draft.validation} />}
        <Card>
          <TaskForm task={editing === 'new' ? null : editing} draft={draft} onSave={onSave} onCancel={closeForm} />
        </Card>
      </>
    )
  }

  const items = tasks.data?.items ?? []
  const own = items.filter((t) => !t.is_template)
  const templates = items.filter((t) => t.is_template)
  const grid = (list) => (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {list.map((task) => (
        <TaskCard key={task.id} task={task} onView={setViewing} onEdit={setEditing} onDelete={setDeleting} />
      ))}
    </div>
  )

  return (
    <>
      <PageHeader
        title="Tasks"
        subtitle="Templates are ready to use; your own tasks can be edited."
        actions={
          <>
            <Button onClick={() => setEditing('new')}>New task</Button>
            <Button variant="dark" onClick={() => setGenerating(true)}>
              Generate with AI
            </Button>
          </>
        }
      />
      {tasks.error && <ErrorMessage message={tasks.error} onRetry={tasks.reload} />}
      {tasks.loading && !tasks.data && <Spinner label="Loading tasks…" />}
      {tasks.data && (
        <>
          <h2 className="mb-3 text-xl font-black uppercase">Your tasks</h2>
          {own.length ? grid(own) : <EmptyState title="No custom tasks" message="Create a task to assess candidates on your own codebase." />}
          <h2 className="mt-10 mb-3 text-xl font-black uppercase">Templates</h2>
          {templates.length ? grid(templates) : <EmptyState title="No templates" message="Template tasks appear here once the server has seeded them." />}
        </>
      )}
      <TaskViewModal task={viewing} onClose={() => setViewing(null)} />
      <GenerateTaskModal open={generating} onClose={() => setGenerating(false)} onGenerated={onGenerated} />
      <ConfirmDialog
        open={Boolean(deleting)}
        title="Delete task"
        message={`Delete "${deleting?.name}"? Tasks already used by assessments are archived instead, so their reports stay intact.`}
        busy={deleteState.busy}
        error={deleteState.error}
        onConfirm={onDelete}
        onCancel={() => {
          setDeleting(null)
          setDeleteState({ busy: false, error: '' })
        }}
      />
    </>
  )
}
