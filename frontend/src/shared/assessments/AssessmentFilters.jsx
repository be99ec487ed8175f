import { Input, Select } from '../../components/ui/index.js'
import { ASSESSMENT_STATUSES, statusInfo } from '../../lib/format.js'

export default function AssessmentFilters({ filters, tasks, onChange }) {
  const set = (name) => (event) => onChange({ ...filters, [name]: event.target.value })
  return (
    <div className="mb-4 grid gap-3 md:grid-cols-2 lg:grid-cols-4">
      <Input label="Search" type="search" placeholder="Candidate name or email" value={filters.q} onChange={set('q')} />
      <Select label="Status" value={filters.status} onChange={set('status')}>
        <option value="">All statuses</option>
        {ASSESSMENT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {statusInfo(status).label}
          </option>
        ))}
        <option value="archived">Archived</option>
      </Select>
      <Select label="Task" value={filters.task_id} onChange={set('task_id')}>
        <option value="">All tasks</option>
        {tasks.map((task) => (
          <option key={task.id} value={task.id}>
            {task.name}
          </option>
        ))}
      </Select>
      <Select label="Review" value={filters.needs_review} onChange={set('needs_review')}>
        <option value="">All</option>
        <option value="true">Needs review</option>
        <option value="false">No review needed</option>
      </Select>
    </div>
  )
}
