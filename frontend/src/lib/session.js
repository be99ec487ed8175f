// The recruiter's stored session: the access token and who to tell when the server refuses it. Kept apart from
// the HTTP client so that a page which never calls the API (the landing page) does not download it.
export const TOKEN_KEY = 'tali_access_token'

export function getStoredToken() {
  return localStorage.getItem(TOKEN_KEY)
}

export function storeToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token)
  else localStorage.removeItem(TOKEN_KEY)
}

let onUnauthorized = () => {}

// AuthContext registers this so an expired session anywhere drops the user back to the landing page.
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler
}

const RETURN_KEY = 'tali_return_to'

// The page a refused session interrupted, kept for this tab so logging in again continues there.
export function rememberReturn(hash) {
  if (hash && hash.startsWith('#/') && !hash.startsWith('#/login')) sessionStorage.setItem(RETURN_KEY, hash)
}

// Where to go after logging in: the interrupted page (once), if any.
export function takeReturn() {
  const hash = sessionStorage.getItem(RETURN_KEY)
  sessionStorage.removeItem(RETURN_KEY)
  return hash
}

export function hasReturn() {
  return Boolean(sessionStorage.getItem(RETURN_KEY))
}

// The server refused the session and a refresh could not renew it.
export function sessionRefused() {
  rememberReturn(window.location.hash)
  storeToken(null)
  onUnauthorized()
}
