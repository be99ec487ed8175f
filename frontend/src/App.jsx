import { Suspense, lazy } from 'react'
import AppLayout from './components/layout/AppLayout.jsx'
import ErrorBoundary from './components/layout/ErrorBoundary.jsx'
import NotFoundPage from './components/layout/NotFoundPage.jsx'
import ProtectedRoute from './components/layout/ProtectedRoute.jsx'
import { Spinner, ToastProvider } from './components/ui/index.js'
import { AuthProvider } from './context/AuthContext.jsx'
import ForgotPasswordPage from './features/auth/ForgotPasswordPage.jsx'
import LoginPage from './features/auth/LoginPage.jsx'
import RegisterPage from './features/auth/RegisterPage.jsx'
import ResetPasswordPage from './features/auth/ResetPasswordPage.jsx'
import AnalyticsPage from './features/analytics/AnalyticsPage.jsx'
import AssessmentsPage from './features/assessments/AssessmentsPage.jsx'
import CandidateDetailPage from './features/candidates/CandidateDetailPage.jsx'
import CandidatesPage from './features/candidates/CandidatesPage.jsx'
import DashboardPage from './features/dashboard/DashboardPage.jsx'
import LandingPage from './features/landing/LandingPage.jsx'
import OutboxPage from './features/outbox/OutboxPage.jsx'
import SettingsPage from './features/settings/SettingsPage.jsx'
import WorkableCallbackPage from './features/settings/WorkableCallbackPage.jsx'
import { matchPath, useHashLocation } from './lib/router.js'

const AssessmentDetailPage = lazy(() => import('./features/assessments/detail/AssessmentDetailPage.jsx'))
const TasksPage = lazy(() => import('./features/tasks/TasksPage.jsx'))
const AssessmentSessionPage = lazy(() => import('./features/assessment-session/AssessmentSessionPage.jsx'))

// Hash routes. `recruiter: true` pages need a signed-in user and render inside the app shell.
// Pages that use Monaco are lazy so the landing page never downloads it.
export const ROUTES = [
  { path: '/', page: LandingPage },
  { path: '/login', page: LoginPage },
  { path: '/register', page: RegisterPage },
  { path: '/forgot-password', page: ForgotPasswordPage },
  { path: '/reset-password', page: ResetPasswordPage },
  { path: '/dashboard', page: DashboardPage, recruiter: true },
  { path: '/assessments', page: AssessmentsPage, recruiter: true },
  { path: '/assessments/:id', page: AssessmentDetailPage, recruiter: true },
  { path: '/candidates', page: CandidatesPage, recruiter: true },
  { path: '/candidates/:id', page: CandidateDetailPage, recruiter: true },
  { path: '/tasks', page: TasksPage, recruiter: true },
  { path: '/analytics', page: AnalyticsPage, recruiter: true },
  { path: '/settings', page: SettingsPage, recruiter: true },
  { path: '/outbox', page: OutboxPage, recruiter: true },
  { path: '/assess/:token', page: AssessmentSessionPage },
]

// The Workable OAuth redirect lands on a real path, not a hash route.
const REAL_PATH_ROUTES = [{ path: '/settings/workable/callback', page: WorkableCallbackPage }]

function resolve(path) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path)
    if (params) return { route, params }
  }
  return null
}

function PageSpinner() {
  return (
    <div className="flex min-h-[50vh] items-center justify-center">
      <Spinner size="lg" />
    </div>
  )
}

function CurrentPage() {
  const { path, query } = useHashLocation()
  const realPath = REAL_PATH_ROUTES.find((route) => route.path === window.location.pathname)
  const match = realPath ? { route: realPath, params: {} } : resolve(path)
  if (!match) return <NotFoundPage />
  const { route, params } = match
  const Page = route.page
  // A new boundary per address, so leaving a crashed page clears the error; the shell stays usable.
  const content = (
    <ErrorBoundary key={`${window.location.pathname}#${path}`}>
      <Suspense fallback={<PageSpinner />}>
        <Page params={params} query={realPath ? new URLSearchParams(window.location.search) : query} />
      </Suspense>
    </ErrorBoundary>
  )
  if (!route.recruiter) return content
  return (
    <ProtectedRoute>
      <AppLayout path={path}>{content}</AppLayout>
    </ProtectedRoute>
  )
}

export default function App() {
  return (
    <AuthProvider>
      <ToastProvider>
        <CurrentPage />
      </ToastProvider>
    </AuthProvider>
  )
}
