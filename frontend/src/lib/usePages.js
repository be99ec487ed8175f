import { useState } from 'react'

// Keyset paging over the API's `next_cursor`: Next follows the cursor the current page answered, Previous goes
// back to the cursor the page before was read with. A deep page costs the server what the first one does (an
// offset would make it read and skip every row before). `params` go into the list call; `restart()` returns to
// the first page when the filters change.
export function usePages(limit) {
  const [trail, setTrail] = useState([null])
  const cursor = trail[trail.length - 1]
  const offset = (trail.length - 1) * limit
  return {
    params: cursor ? { limit, cursor } : { limit },
    restart: () => setTrail([null]),
    // Props for <Pagination> once a page has arrived.
    pagination: (page) => ({
      total: page.total,
      limit,
      offset,
      onPrevious: trail.length > 1 ? () => setTrail((t) => t.slice(0, -1)) : null,
      onNext: page.next_cursor ? () => setTrail((t) => [...t, page.next_cursor]) : null,
    }),
  }
}
