import { useEffect, useRef } from 'react'

// Keys that move the focus and the selection along the row (WAI-ARIA tabs, automatic activation).
const STEPS = { ArrowRight: 1, ArrowLeft: -1 }

// WAI-ARIA tabs: arrow keys move between tabs (Home and End to the first and the last), the panel is labelled by
// its tab. The row never wraps: on a narrow screen it scrolls sideways and keeps the selected tab in view. Its
// bottom line is an inset shadow rather than a border, so the selected tab still covers it inside the scrolling
// row (a border sits outside the box the row clips its tabs to).
export default function Tabs({ tabs, active, onChange, idPrefix = 'tab', label, children }) {
  const refs = useRef({})
  const listRef = useRef(null)
  // Sideways only: scrollIntoView would also scroll the page to a row below the fold.
  useEffect(() => {
    const list = listRef.current
    const tab = refs.current[active]
    if (!list || !tab) return
    const row = list.getBoundingClientRect()
    const box = tab.getBoundingClientRect()
    if (box.left < row.left) list.scrollLeft -= row.left - box.left
    else if (box.right > row.right) list.scrollLeft += box.right - row.right
  }, [active])
  const onKeyDown = (event, index) => {
    let next
    if (event.key in STEPS) next = tabs[(index + STEPS[event.key] + tabs.length) % tabs.length]
    else if (event.key === 'Home') next = tabs[0]
    else if (event.key === 'End') next = tabs[tabs.length - 1]
    if (!next) return
    event.preventDefault()
    onChange(next.id)
    refs.current[next.id]?.focus()
  }
  return (
    <div>
      <div
        ref={listRef}
        role="tablist"
        aria-label={label}
        aria-orientation="horizontal"
        data-testid={`${idPrefix}-list`}
        className="flex flex-nowrap overflow-x-auto shadow-[inset_0_-2px_0_0_var(--color-ink)] [scrollbar-width:thin]"
      >
        {tabs.map((tab, index) => {
          const selected = tab.id === active
          return (
            <button
              key={tab.id}
              ref={(el) => {
                refs.current[tab.id] = el
              }}
              id={`${idPrefix}-${tab.id}`}
              role="tab"
              type="button"
              aria-selected={selected}
              aria-controls={`${idPrefix}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(tab.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
              className={`shrink-0 whitespace-nowrap border-2 border-b-0 px-3 py-2 text-sm xl:px-2 font-bold uppercase ${selected ? 'border-ink bg-brand text-paper' : 'border-transparent hover:bg-brand-light'}`}
            >
              {tab.label}
            </button>
          )
        })}
      </div>
      <div id={`${idPrefix}-panel`} role="tabpanel" aria-labelledby={`${idPrefix}-${active}`} className="pt-4">
        {children}
      </div>
    </div>
  )
}
