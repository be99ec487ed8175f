// In-browser stand-in for the TALI API (docs/api.md). It keeps state per page and answers with the
// contract's shapes and status codes.
// - fake mode (no real server): it answers every /api/v1 call.
// - passthrough mode (real server): every call goes to the server first; only routes the server does not
//   have yet (its router's bare 404 "Not found" or 405) are answered here, for the user the server
//   authenticated. Once the backend implements everything, nothing reaches this file.

const now = () => new Date().toISOString()
const page = (items, url) => {
  const limit = Number(url.searchParams.get('limit') ?? 20)
  const offset = Number(url.searchParams.get('offset') ?? 0)
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset }
}

const TEMPLATE = {
  id: 1,
  name: 'Debugging Challenge',
  description: 'A data pipeline with three planted bugs. Make the tests pass.',
  task_type: 'debugging',
  difficulty: 'medium',
  duration_minutes: 30,
  starter_code: 'def mean(values):\n    return sum(values) / len(values) + 1\n',
  test_code: 'from main import mean\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n',
  sample_data: null,
  dependencies: ['pytest'],
  success_criteria: null,
  test_weights: null,
  is_template: true,
  is_active: true,
  organization_id: null,
}

function createState() {
  return { nextId: 100, users: [], tokens: new Map(), tasks: [{ ...TEMPLATE, created_at: now(), updated_at: now() }], candidates: [], assessments: [], emails: [] }
}

const isMissingRoute = async (response) => {
  if (response.status() === 405) return true
  if (response.status() !== 404) return false
  const body = await response.json().catch(() => null)
  return body?.detail === 'Not found'
}

export async function installFakeApi(browserPage, { passthrough = false } = {}) {
  const state = createState()
  const id = () => (state.nextId += 1)
  const org = (user) => user.organization

  const listItem = (a) => {
    const candidate = state.candidates.find((c) => c.id === a.candidate_id)
    const task = state.tasks.find((t) => t.id === a.task_id)
    return { ...a, candidate_name: candidate.full_name, candidate_email: candidate.email, task_name: task?.name ?? `Task ${a.task_id}` }
  }

  // The user behind a bearer token: ours in fake mode, the real server's (cached) in passthrough mode.
  const resolveUser = async (request, origin) => {
    const authorization = request.headers().authorization ?? ''
    const token = authorization.replace(/^Bearer /, '')
    if (!token) return null
    if (!passthrough) return state.tokens.get(token) ?? null
    if (!state.tokens.has(token)) {
      const me = await browserPage.request.get(`${origin}/api/v1/auth/me`, { headers: { authorization } })
      if (!me.ok()) return null
      state.tokens.set(token, await me.json())
    }
    return state.tokens.get(token)
  }

  // In passthrough mode tasks may live on the real server; copy the one an assessment needs.
  const rememberTask = async (request, origin, taskId) => {
    if (!passthrough || state.tasks.some((t) => t.id === taskId)) return
    const response = await browserPage.request.get(`${origin}/api/v1/tasks/${taskId}`, { headers: { authorization: request.headers().authorization ?? '' } })
    if (response.ok()) state.tasks.push(await response.json())
  }

  const routes = [
    ['POST', /^\/auth\/register$/, ({ body }) => {
      if (state.users.some((u) => u.email.toLowerCase() === body.email.toLowerCase())) return [400, { detail: 'Email already registered' }]
      if (!body.password || body.password.length < 8) return [422, { detail: 'Invalid input', errors: [{ field: 'password', message: 'Password must be 8 to 128 characters' }] }]
      const organization = {
        id: id(), name: body.organization_name || `${body.full_name}'s team`, slug: 'org', plan: 'pay_per_use',
        assessments_used: 0, assessments_limit: null, workable_connected: false, created_at: now(),
      }
      const user = { id: id(), email: body.email, full_name: body.full_name, is_active: true, is_superuser: false, created_at: now(), organization, password: body.password }
      state.users.push(user)
      const { password: _omit, ...publicUser } = user
      return [201, publicUser]
    }, { public: true }],
    ['POST', /^\/auth\/login$/, ({ body }) => {
      const user = state.users.find((u) => u.email.toLowerCase() === body.email.toLowerCase() && u.password === body.password)
      if (!user) return [401, { detail: 'Incorrect email or password' }]
      const token = `fake-${id()}`
      state.tokens.set(token, user)
      const { password: _omit, ...publicUser } = user
      return [200, { access_token: token, token_type: 'bearer', expires_in: 1800, user: publicUser }]
    }, { public: true }],
    ['POST', /^\/auth\/forgot-password$/, () => [202, { detail: 'If that email has an account, a reset link is on its way.' }], { public: true }],
    ['GET', /^\/auth\/me$/, ({ user }) => {
      const { password: _omit, ...publicUser } = user
      return [200, publicUser]
    }],
    ['GET', /^\/organizations\/me$/, ({ user }) => [200, org(user)]],
    ['PATCH', /^\/organizations\/me$/, ({ user, body }) => {
      org(user).name = body.name
      return [200, org(user)]
    }],
    ['GET', /^\/organizations\/workable\/authorize-url$/, () => [503, { detail: 'Workable is not configured on this server' }]],
    ['POST', /^\/organizations\/workable\/connect$/, () => [503, { detail: 'Workable is not configured on this server' }]],
    ['GET', /^\/billing\/usage$/, ({ user }) => [200, { plan: org(user).plan, assessments_used: org(user).assessments_used, total_cost_pence: org(user).assessments_used * 2500, items: [] }]],
    ['POST', /^\/billing\/checkout-session$/, () => [503, { detail: 'Billing is not configured on this server' }]],
    ['GET', /^\/tasks$/, ({ user, url }) => [200, page(state.tasks.filter((t) => t.is_template || t.organization_id === org(user).id), url)]],
    ['POST', /^\/tasks$/, ({ user, body }) => {
      const task = { ...body, id: id(), is_template: false, is_active: true, organization_id: org(user).id, created_at: now(), updated_at: now() }
      state.tasks.push(task)
      return [201, task]
    }],
    ['GET', /^\/candidates$/, ({ url }) => [200, page(state.candidates, url)]],
    ['GET', /^\/candidates\/(\d+)$/, ({ match }) => {
      const candidate = state.candidates.find((c) => c.id === Number(match[1]))
      if (!candidate) return [404, { detail: 'Candidate not found' }]
      return [200, { ...candidate, assessments: state.assessments.filter((a) => a.candidate_id === candidate.id).map(listItem) }]
    }],
    ['GET', /^\/emails$/, ({ url }) => [200, page([...state.emails].reverse().map(({ html: _h, text: _t, ...e }) => e), url)]],
    ['GET', /^\/emails\/(\d+)$/, ({ match }) => {
      const email = state.emails.find((e) => e.id === Number(match[1]))
      return email ? [200, email] : [404, { detail: 'Email not found' }]
    }],
    ['GET', /^\/analytics$/, () => {
      const total = state.assessments.length
      return [200, {
        total_assessments: total, active_assessments: state.assessments.filter((a) => a.status === 'in_progress').length,
        completed_assessments: 0, completion_rate: 0, average_score: null, assessments_this_month: total,
        cost_this_month_pence: total * 2500,
        per_task: state.tasks.filter((t) => state.assessments.some((a) => a.task_id === t.id)).map((t) => ({
          task_id: t.id, task_name: t.name, total: state.assessments.filter((a) => a.task_id === t.id).length, completed: 0, average_score: null,
        })),
        score_distribution: Array.from({ length: 10 }, (_, i) => ({ bucket: `${i}-${i + 1}`, count: 0 })),
      }]
    }],
    ['GET', /^\/assessments$/, ({ url }) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase()
      const status = url.searchParams.get('status')
      const items = [...state.assessments].reverse().map(listItem)
        .filter((a) => !status || a.status === status)
        .filter((a) => !q || a.candidate_email.includes(q) || a.candidate_name.toLowerCase().includes(q))
      return [200, page(items, url)]
    }],
    ['POST', /^\/assessments$/, ({ user, body, origin }) => {
      if (!state.tasks.some((t) => t.id === body.task_id)) return [404, { detail: 'Task not found' }]
      let candidate = state.candidates.find((c) => c.id === body.candidate_id || c.email === body.candidate_email)
      if (!candidate) {
        candidate = { id: id(), email: body.candidate_email, full_name: body.candidate_name, position: body.position ?? null, created_at: now(), updated_at: now(), assessments_count: 0 }
        state.candidates.push(candidate)
      }
      candidate.assessments_count += 1
      const token = `tok${id()}`
      const assessment = {
        id: id(), token, status: 'pending', candidate_id: candidate.id, task_id: body.task_id, duration_minutes: 30, score: null,
        tests_passed: null, tests_total: null, created_at: now(), started_at: null, completed_at: null,
        expires_at: new Date(Date.now() + 7 * 86400000).toISOString(), candidate_link: `${origin}/#/assess/${token}`,
      }
      state.assessments.push(assessment)
      org(user).assessments_used += 1
      const link = assessment.candidate_link
      state.emails.push({
        id: id(), to: candidate.email, subject: `${org(user).name} invited you to a TALI assessment`, kind: 'invitation', status: 'stored',
        transport: 'outbox', created_at: now(), sent_at: now(), error: null,
        html: `<p>Hello ${candidate.full_name},</p><p><a href="${link}">Start your assessment</a></p>`, text: `Start: ${link}`,
      })
      return [201, listItem(assessment)]
    }],
    ['GET', /^\/assessments\/(\d+)$/, ({ match }) => {
      const a = state.assessments.find((x) => x.id === Number(match[1]))
      if (!a) return [404, { detail: 'Assessment not found' }]
      const item = listItem(a)
      return [200, {
        ...item, candidate: state.candidates.find((c) => c.id === a.candidate_id), task: state.tasks.find((t) => t.id === a.task_id),
        code_quality_score: null, time_efficiency_score: null, ai_usage_score: null, test_results: null, ai_prompts: [], timeline: [],
        final_code: null, score_report: null, posted_to_workable: false, posted_to_workable_at: null,
      }]
    }],
  ]

  await browserPage.route('**/api/v1/**', async (route) => {
    const request = route.request()
    if (passthrough) {
      const response = await route.fetch()
      if (!(await isMissingRoute(response))) return route.fulfill({ response })
    }
    const url = new URL(request.url())
    const path = url.pathname.replace(/^\/api\/v1/, '').replace(/\/$/, '')
    for (const [method, pattern, handler, options] of routes) {
      const match = path.match(pattern)
      if (method !== request.method() || !match) continue
      const user = await resolveUser(request, url.origin)
      if (!options?.public && !user) return route.fulfill({ status: 401, json: { detail: 'Not authenticated' } })
      const body = request.postData() ? JSON.parse(request.postData()) : {}
      if (method === 'POST' && path === '/assessments') await rememberTask(request, url.origin, body.task_id)
      const [status, json] = handler({ body, user, url, match, origin: url.origin })
      return route.fulfill({ status, json })
    }
    return route.fulfill({ status: 404, json: { detail: `No fake for ${request.method()} ${path}` } })
  })
}
