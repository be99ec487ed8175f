import { useId } from 'react'

// Shared label + hint + error wiring so every input is labelled and announces its error.
export default function Field({ label, error, hint, id, children }) {
  const autoId = useId()
  const fieldId = id ?? autoId
  const hintId = hint ? `${fieldId}-hint` : undefined
  const errorId = error ? `${fieldId}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className="flex flex-col gap-1">
      {label && (
        <label htmlFor={fieldId} className="text-sm font-bold">
          {label}
        </label>
      )}
      {children({ id: fieldId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-neutral-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm font-semibold text-red-700">
          {error}
        </p>
      )}
    </div>
  )
}

export const CONTROL_CLASS =
  'w-full border-2 border-ink bg-paper px-3 py-2 text-sm aria-[invalid=true]:border-red-700 disabled:bg-neutral-100'
