import { Suspense, lazy, useCallback, useEffect, useState } from 'react'
import { Spinner } from '../../components/ui/index.js'
import { ClosedScreen, LoadErrorScreen } from './ClosedScreen.jsx'
import ResultsView from './results/ResultsView.jsx'
import useAssessmentSession from './session/useAssessmentSession.js'
import StartingScreen from './StartingScreen.jsx'
import UnderstandingCheck from './understanding/UnderstandingCheck.jsx'
import WelcomeScreen from './WelcomeScreen.jsx'

// The IDE carries Monaco (~4 MB); it is fetched while the candidate reads the welcome page.
const loadIde = () => import('./ide/IdeView.jsx')
const IdeView = lazy(loadIde)

function FullPageSpinner({ label }) {
  return (
    <div className="flex min-h-screen items-center justify-center">
      <Spinner size="lg" label={label} />
    </div>
  )
}

// Route #/assess/{token}: the candidate's whole session, from the invitation link to the results.
export default function AssessmentSessionPage({ params }) {
  const { token } = params
  const { state, start, retry, finish } = useAssessmentSession(token)
  // After submit, the understanding check (when the task asks it) comes before the results page.
  const [checked, setChecked] = useState(false)
  const checkDone = useCallback(() => setChecked(true), [])

  useEffect(() => {
    if (state.phase === 'welcome' || state.phase === 'starting') loadIde()
  }, [state.phase])

  switch (state.phase) {
    case 'welcome':
      return <WelcomeScreen info={state.info} onStart={() => start(state.info)} />
    case 'starting':
      return <StartingScreen resuming={state.info?.status === 'in_progress'} />
    case 'ide':
      return (
        <Suspense fallback={<FullPageSpinner label="Opening the editor…" />}>
          <IdeView token={token} start={state.start} onSubmitted={finish} />
        </Suspense>
      )
    case 'results':
      if (state.results.understanding_check && !checked) {
        return <UnderstandingCheck assessmentId={state.results.assessment_id} token={token} onDone={checkDone} />
      }
      return <ResultsView results={state.results} automatic={state.automatic} />
    case 'closed':
      return <ClosedScreen problem={state.problem} />
    case 'error':
      return <LoadErrorScreen message={state.message} onRetry={retry} />
    default:
      return <FullPageSpinner label="Loading your assessment…" />
  }
}
