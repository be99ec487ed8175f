import { useRef } from 'react'

// WAI-ARIA tabs: arrow keys move between tabs, the panel is labelled by its tab.
export default function Tabs({ tabs, active, onChange, idPrefix = 'tab', children }) {
  const refs = useRef({})
  const onKeyDown = (event, index) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key]
    if (!step) return
    event.preventDefault()
    const next = tabs[(index + step + tabs.length) % tabs.length]
    onChange(next.id)
    refs.current[next.id]?.focus()
  }
  return (
    <div>
      <div role="tablist" className="flex flex-wrap border-b-2 border-ink">
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
              className={`-mb-0.5 border-2 border-b-0 px-4 py-2 text-sm font-bold uppercase ${selected ? 'border-ink bg-brand text-paper' : 'border-transparent hover:bg-brand-light'}`}
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
