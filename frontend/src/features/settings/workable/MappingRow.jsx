import { Button } from '../../../components/ui/index.js'
import { mappingSummary, mappingTitle } from './mapping.js'

// A saved mapping, with its edit and remove buttons (named after the mapping for screen readers).
export default function MappingRow({ trigger, options, tasks, disabled, onEdit, onRemove }) {
  const title = mappingTitle(trigger, options)
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <div className="flex min-w-0 flex-1 flex-col">
        <span className="font-bold">{title}</span>
        <span>{mappingSummary(trigger, options, tasks)}</span>
      </div>
      <Button size="sm" variant="secondary" onClick={onEdit} disabled={disabled} aria-label={`Edit ${title}`}>
        Edit
      </Button>
      <Button size="sm" variant="danger" onClick={onRemove} disabled={disabled} aria-label={`Remove ${title}`}>
        Remove
      </Button>
    </div>
  )
}
