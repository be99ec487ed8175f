import { useCallback, useEffect, useState } from 'react'
import { Badge, Button, ConfirmDialog, EmptyState, ErrorMessage, Input, Select, Spinner, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import {
  connectWorkable,
  disconnectWorkable,
  getWorkable,
  getWorkableActivity,
  getWorkableAuthorizeUrl,
  getWorkableOptions,
  listActiveTasks,
  saveWorkableSettings,
} from './api.js'

export default function WorkableTab() {
  const { refreshUser } = useAuth()
  const [connection, setConnection] = useState(null)
  const [loadError, setLoadError] = useState('')

  const load = useCallback(() => {
    setLoadError('')
    getWorkable()
      .then(setConnection)
      .catch((err) => setLoadError(errorMessage(err, 'Could not load the Workable connection.')))
  }, [])
  useEffect(load, [load])

  const changed = (next) => {
    setConnection(next)
    refreshUser()
  }

  if (loadError) return <ErrorMessage message={loadError} />
  if (!connection) return <Spinner label="Loading Workable…" />
  return connection.connected ? (
    <Connected connection={connection} onChanged={changed} onDisconnected={() => changed({ ...connection, connected: false })} />
  ) : (
    <Connect oauthAvailable={connection.oauth_available} onConnected={changed} />
  )
}

function Connect({ oauthAvailable, onConnected }) {
  const [subdomain, setSubdomain] = useState('')
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState('')
  const [error, setError] = useState('')

  const onSubmit = async (event) => {
    event.preventDefault()
    setBusy('token')
    setError('')
    try {
      onConnected(await connectWorkable({ subdomain, access_token: token }))
    } catch (err) {
      setError(errorMessage(err, 'Could not connect Workable.'))
      setBusy('')
    }
  }

  const onOAuth = async () => {
    setBusy('oauth')
    setError('')
    try {
      const { url } = await getWorkableAuthorizeUrl()
      window.location.assign(url)
    } catch (err) {
      setError(errorMessage(err, 'Could not start the Workable connection.'))
      setBusy('')
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <span className="font-bold">Status:</span>
        <Badge tone="gray">Not Connected</Badge>
      </div>
      <p className="text-sm">
        Connect Workable to invite candidates when they reach a stage of your pipeline and to post their results back
        to their Workable profile.
      </p>
      <form onSubmit={onSubmit} className="flex max-w-md flex-col gap-3 border-2 border-ink p-4">
        <h3 className="font-black uppercase">Connect with an account token</h3>
        <Input
          label="Workable subdomain"
          hint="The part before .workable.com, e.g. acme"
          value={subdomain}
          onChange={(e) => setSubdomain(e.target.value)}
          required
        />
        <Input
          label="Access token"
          type="password"
          autoComplete="off"
          hint="In Workable: Settings → Integrations → Apps → Generate API token (an admin can create one)."
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <div>
          <Button type="submit" loading={busy === 'token'}>
            Connect Workable
          </Button>
        </div>
      </form>
      {oauthAvailable ? (
        <div>
          <Button variant="secondary" onClick={onOAuth} loading={busy === 'oauth'}>
            Sign in with Workable
          </Button>
        </div>
      ) : (
        <p className="text-xs text-neutral-600">
          Signing in with Workable (OAuth) is not set up on this server; an account token works for every Workable plan.
        </p>
      )}
      <ErrorMessage message={error} />
    </div>
  )
}

function Connected({ connection, onChanged, onDisconnected }) {
  const toast = useToast()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const onDisconnect = async () => {
    setBusy(true)
    setError('')
    try {
      await disconnectWorkable()
      toast.show('Workable disconnected')
      onDisconnected()
    } catch (err) {
      setError(errorMessage(err, 'Could not disconnect Workable.'))
      setBusy(false)
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-bold">Status:</span>
        <Badge tone="green">Connected</Badge>
        <span className="text-sm">
          {connection.subdomain}.workable.com · {connection.auth_kind === 'oauth' ? 'signed in with Workable' : 'account token'}
        </span>
        {!connection.webhook_registered && <Badge tone="yellow">Webhook not registered</Badge>}
        <Button variant="danger" onClick={() => setConfirming(true)}>
          Disconnect
        </Button>
      </div>
      <SettingsForm connection={connection} onSaved={onChanged} />
      <ActivityList />
      <ConfirmDialog
        open={confirming}
        title="Disconnect Workable"
        message="Candidates will no longer be invited from Workable and results will not be posted back. The stage mapping is forgotten."
        confirmLabel="Disconnect"
        busy={busy}
        error={error}
        onConfirm={onDisconnect}
        onCancel={() => setConfirming(false)}
      />
    </div>
  )
}

function SettingsForm({ connection, onSaved }) {
  const toast = useToast()
  const trigger = connection.trigger
  const [options, setOptions] = useState(null)
  const [tasks, setTasks] = useState([])
  const [loadError, setLoadError] = useState('')
  const [form, setForm] = useState({
    member_id: connection.member_id ?? '',
    auto_post: connection.auto_post,
    enabled: Boolean(trigger),
    job_shortcode: trigger?.job_shortcode ?? '',
    stage_slug: trigger?.stage_slug ?? '',
    task_id: trigger?.task_id ? String(trigger.task_id) : '',
    move_to_stage: trigger?.move_to_stage ?? '',
  })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  useEffect(() => {
    Promise.all([getWorkableOptions(), listActiveTasks()])
      .then(([loaded, taskList]) => {
        setOptions(loaded)
        setTasks(taskList.filter((task) => task.is_active !== false))
      })
      .catch((err) => setLoadError(errorMessage(err, 'Could not load your Workable jobs and stages.')))
  }, [])

  const set = (name) => (event) => {
    const value = event.target.type === 'checkbox' ? event.target.checked : event.target.value
    setForm((current) => ({ ...current, [name]: value }))
  }

  const onSubmit = async (event) => {
    event.preventDefault()
    setBusy(true)
    setError('')
    try {
      const saved = await saveWorkableSettings({
        member_id: form.member_id || null,
        auto_post: form.auto_post,
        trigger: form.enabled
          ? {
              job_shortcode: form.job_shortcode || null,
              stage_slug: form.stage_slug,
              task_id: Number(form.task_id),
              move_to_stage: form.move_to_stage || null,
            }
          : null,
      })
      toast.show('Workable settings saved')
      onSaved(saved)
    } catch (err) {
      setError(errorMessage(err, 'Could not save the Workable settings.'))
    } finally {
      setBusy(false)
    }
  }

  if (loadError) return <ErrorMessage message={loadError} />
  if (!options) return <Spinner label="Loading your Workable jobs and stages…" />
  return (
    <form onSubmit={onSubmit} className="flex max-w-xl flex-col gap-3 border-2 border-ink p-4">
      <h3 className="font-black uppercase">Invite from a stage</h3>
      <label className="flex items-center gap-2 text-sm font-bold">
        <input type="checkbox" className="h-4 w-4 accent-brand" checked={form.enabled} onChange={set('enabled')} />
        Send an assessment when a candidate reaches a stage
      </label>
      {form.enabled && (
        <>
          <Select label="Job" value={form.job_shortcode} onChange={set('job_shortcode')}>
            <option value="">Any job</option>
            {options.jobs.map((job) => (
              <option key={job.id} value={job.id}>
                {job.name} ({job.id})
              </option>
            ))}
          </Select>
          <Select label="Stage" value={form.stage_slug} onChange={set('stage_slug')} required>
            <option value="">Choose a stage</option>
            {options.stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </Select>
          <Select label="Task to send" value={form.task_id} onChange={set('task_id')} required>
            <option value="">Choose a task</option>
            {tasks.map((task) => (
              <option key={task.id} value={task.id}>
                {task.name}
              </option>
            ))}
          </Select>
          <Select
            label="After posting the result, move the candidate to"
            value={form.move_to_stage}
            onChange={set('move_to_stage')}
          >
            <option value="">Leave them where they are</option>
            {options.stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </Select>
        </>
      )}
      <h3 className="mt-2 font-black uppercase">Results</h3>
      <label className="flex items-center gap-2 text-sm font-bold">
        <input type="checkbox" className="h-4 w-4 accent-brand" checked={form.auto_post} onChange={set('auto_post')} />
        Post results to Workable automatically when an assessment is completed
      </label>
      <Select
        label="Post as"
        hint="Comments and stage moves in Workable are made on behalf of this member."
        value={form.member_id}
        onChange={set('member_id')}
      >
        {options.members.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
          </option>
        ))}
      </Select>
      <div>
        <Button type="submit" loading={busy}>
          Save Workable settings
        </Button>
      </div>
      <ErrorMessage message={error} />
    </form>
  )
}

const STATUS_TONE = { invited: 'green', failed: 'red', sending: 'yellow' }

function ActivityList() {
  const [activity, setActivity] = useState(null)
  const [error, setError] = useState('')

  useEffect(() => {
    getWorkableActivity()
      .then(setActivity)
      .catch((err) => setError(errorMessage(err, 'Could not load the Workable activity.')))
  }, [])

  return (
    <section className="flex flex-col gap-2">
      <h3 className="font-black uppercase">Recent invitations from Workable</h3>
      {error && <ErrorMessage message={error} />}
      {!error && !activity && <Spinner label="Loading activity…" />}
      {activity && activity.items.length === 0 && (
        <EmptyState title="No invitations yet" message="Candidates moved to the mapped stage in Workable appear here." />
      )}
      {activity && activity.items.length > 0 && (
        <ul className="flex flex-col border-2 border-ink">
          {activity.items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center gap-3 border-b-2 border-ink p-2 text-sm last:border-b-0">
              <Badge tone={STATUS_TONE[item.status] ?? 'gray'}>{item.status}</Badge>
              <span className="font-bold">{item.candidate_name || item.workable_candidate_id}</span>
              <span>
                {item.job_shortcode || 'any job'} · {item.stage_slug}
              </span>
              {item.assessment_id && (
                <a className="font-bold underline" href={`#/assessments/${item.assessment_id}`}>
                  Assessment #{item.assessment_id}
                </a>
              )}
              {item.error && <span className="text-red-700">{item.error}</span>}
            </li>
          ))}
        </ul>
      )}
      {activity && activity.total > activity.items.length && (
        <p className="text-xs text-neutral-600">
          Showing the latest {activity.items.length} of {activity.total}.
        </p>
      )}
    </section>
  )
}
