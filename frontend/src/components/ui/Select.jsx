import Field, { CONTROL_CLASS } from './Field.jsx'

export default function Select({ label, error, hint, id, className = '', children, ...rest }) {
  return (
    <Field label={label} error={error} hint={hint} id={id}>
      {(aria) => (
        <select className={`${CONTROL_CLASS} ${className}`} {...aria} {...rest}>
          {children}
        </select>
      )}
    </Field>
  )
}
