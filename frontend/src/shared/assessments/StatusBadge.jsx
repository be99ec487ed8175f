import { Badge } from '../../components/ui/index.js'
import { statusInfo } from '../../lib/format.js'

export default function StatusBadge({ status }) {
  const { label, tone } = statusInfo(status)
  return <Badge tone={tone}>{label}</Badge>
}
