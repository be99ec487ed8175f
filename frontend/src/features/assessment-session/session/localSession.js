// The candidate's work kept on this device, so a refresh or an outage loses nothing:
// { code, syncedCode, output, tests, testsRun } per assessment token.
const key = (token) => `tali_candidate_${token}`

export function loadLocal(token, storage = localStorage) {
  try {
    const value = JSON.parse(storage.getItem(key(token)) ?? 'null')
    return value && typeof value === 'object' ? value : {}
  } catch {
    return {}
  }
}

export function saveLocal(token, patch, storage = localStorage) {
  try {
    storage.setItem(key(token), JSON.stringify({ ...loadLocal(token, storage), ...patch }))
  } catch {
    // Quota exceeded or storage blocked: the server copy (snapshots) still protects the work.
  }
}

export function clearLocal(token, storage = localStorage) {
  storage.removeItem(key(token))
}

// The local copy wins only if it holds edits the server has not acknowledged; otherwise the server's latest
// code does (it may have been saved from another tab or device).
export function pickResumeCode(serverCode, local) {
  const hasUnsynced = typeof local.code === 'string' && local.code !== local.syncedCode
  if (hasUnsynced) return local.code
  if (typeof serverCode === 'string') return serverCode
  return typeof local.code === 'string' ? local.code : ''
}
