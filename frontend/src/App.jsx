import { Suspense, lazy } from 'react'
import AppLayout from './components/layout/AppLayout.jsx'
import ErrorBoundary from './components/layout/ErrorBoundary.jsx'
import NotFoundPage from './components/layout/NotFoundPage.jsx'
import ProtectedRoute from './components/layout/ProtectedRoute.jsx'
import { Spinner, ToastProvider } from './components/ui/index.js'
import { AuthProvider } from './context/AuthContext.jsx'
import LandingPage from './features/landing/LandingPage.jsx'
import { matchPath, useHashLocation } from './lib/router.js'

// Every page but the landing page is its own chunk, loaded when first visited: a visitor to the landing page
// downloads neither the recruiter app nor the editor.
const AcceptInvitationPage = lazy(() => import('./features/auth/AcceptInvitationPage.jsx'))
const ForgotPasswordPage = lazy(() => import('./features/auth/ForgotPasswordPage.jsx'))
const LoginPage = lazy(() => import('./features/auth/LoginPage.jsx'))
const RegisterPage = lazy(() => import('./features/auth/RegisterPage.jsx'))
const ResetPasswordPage = lazy(() => import('./features/auth/ResetPasswordPage.jsx'))
const AnalyticsPage = lazy(() => import('./features/analytics/AnalyticsPage.jsx'))
const AssessmentsPage = lazy(() => import('./features/assessments/AssessmentsPage.jsx'))
const ComparePage = lazy(() => import('./features/assessments/compare/ComparePage.jsx'))
const AssessmentDetailPage = lazy(() => import('./features/assessments/detail/AssessmentDetailPage.jsx'))
const CandidateDetailPage = lazy(() => import('./features/candidates/CandidateDetailPage.jsx'))
const CandidatesPage = lazy(() => import('./features/candidates/CandidatesPage.jsx'))
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage.jsx'))
const OutboxPage = lazy(() => import('./features/outbox/OutboxPage.jsx'))
const SettingsPage = lazy(() => import('./features/settings/SettingsPage.jsx'))
const WorkableCallbackPage = lazy(() => import('./features/settings/WorkableCallbackPage.jsx'))
const TasksPage = lazy(() => import('./features/tasks/TasksPage.jsx'))
const AssessmentSessionPage = lazy(() => import('./features/assessment-session/AssessmentSessionPage.jsx'))
const PastDueBanner = lazy(() => import('./shared/billing/PastDueBanner.jsx'))

// Hash routes. `recruiter: true` pages need a signed-in user and render inside the app shell.
export const ROUTES = [
  { path: '/', page: LandingPage },
  { path: '/login', page: LoginPage },
  { path: '/register', page: RegisterPage },
  { path: '/forgot-password', page: ForgotPasswordPage },
  { path: '/reset-password', page: ResetPasswordPage },
  { path: '/accept-invitation', page: AcceptInvitationPage },
  { path: '/dashboard', page: DashboardPage, recruiter: true },
  { path: '/assessments', page: AssessmentsPage, recruiter: true },
  { path: '/assessments/compare', page: ComparePage, recruiter: true },
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
      <AppLayout
        path={path}
        banner={
          <Suspense fallback={null}>
            <PastDueBanner />
          </Suspense>
        }
      >
        {content}
      </AppLayout>
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
