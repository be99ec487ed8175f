// Sentences about the sandbox proof a task passed (`validation: {starter_passed, reference_passed, total}`),
// so the author sees that the tests catch the starter code and that the reference solution passes them.

export function proofSummary({ starter_passed: starter, reference_passed: reference, total }) {
  const referencePart = reference === null || reference === undefined ? 'no reference solution' : `reference ${reference}/${total}`
  return `tests proved: starter passes ${starter}/${total}, ${referencePart}`
}

// The toast after a save. An edit that did not touch the code was not proved again and has no validation.
export function savedTaskMessage(task, created) {
  const saved = `Task "${task.name}" ${created ? 'created' : 'saved'}`
  return task.validation ? `${saved} — ${proofSummary(task.validation)}` : saved
}

export function draftNotice({ starter_passed: starter, reference_passed: reference, total }) {
  return (
    `Draft generated with AI and proved in the sandbox: the starter passes ${starter}/${total} hidden tests, ` +
    `the reference solution ${reference ?? '—'}/${total}. Review it, then save.`
  )
}
