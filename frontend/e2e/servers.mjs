// Where the browser tests' servers listen (scripts/e2e-server.sh): the main one, with the mock AI, Stripe and
// Workable, and a second one without any AI provider, billing or Workable (a deployment nobody configured).
export const PORT = Number(process.env.E2E_PORT ?? 8765)
export const BASE_URL = `http://127.0.0.1:${PORT}`
export const NO_AI_PORT = Number(process.env.E2E_NO_AI_PORT ?? PORT + 4)
export const NO_AI_URL = `http://127.0.0.1:${NO_AI_PORT}`
