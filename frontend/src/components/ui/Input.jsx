import Field, { CONTROL_CLASS } from './Field.jsx'

export default function Input({ label, error, hint, id, className = '', ...rest }) {
  return (
    <Field label={label} error={error} hint={hint} id={id}>
      {(aria) => <input className={`${CONTROL_CLASS} ${className}`} {...aria} {...rest} />}
    </Field>
  )
}
