import { Badge } from '../../components/ui/index.js'

// Similarity's "needs review" in a list row: the badge, its reason as the tooltip and, for screen readers, as
// text (a title alone is not read everywhere). Nothing when the assessment needs no review.
export default function NeedsReviewBadge({ assessment }) {
  if (!assessment.needs_review) return null
  const reason = assessment.review_reason || 'A similarity match needs a reviewer’s look'
  return (
    <Badge tone="purple" title={reason} data-testid="needs-review-badge">
      Needs review<span className="sr-only">: {reason}</span>
    </Badge>
  )
}
