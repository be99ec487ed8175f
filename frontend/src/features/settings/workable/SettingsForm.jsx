import { useEffect, useState } from 'react'
import { ErrorMessage, Spinner } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { getWorkableOptions, listActiveTasks } from '../api.js'
import ResultsForm from './ResultsForm.jsx'
import StageMap from './StageMap.jsx'

// The connected tab's settings: the stage map and how results go back, with the pickers they share loaded once.
export default function SettingsForm({ connection, onSaved }) {
  const [options, setOptions] = useState(null)
  const [tasks, setTasks] = useState([])
  const [loadError, setLoadError] = useState('')

  useEffect(() => {
    Promise.all([getWorkableOptions(), listActiveTasks()])
      .then(([loaded, taskList]) => {
        setOptions(loaded)
        setTasks(taskList.filter((task) => task.is_active !== false))
      })
      .catch((err) => setLoadError(errorMessage(err, 'Could not load your Workable jobs and stages.')))
  }, [])

  if (loadError) return <ErrorMessage message={loadError} />
  if (!options) return <Spinner label="Loading your Workable jobs and stages…" />
  return (
    <div className="flex flex-col gap-6 border-2 border-ink p-4">
      <StageMap connection={connection} options={options} tasks={tasks} onSaved={onSaved} />
      <ResultsForm connection={connection} options={options} onSaved={onSaved} />
    </div>
  )
}
