// Above the editor: the file being edited and what the Tab key does, with the switch (also Ctrl+M).
export default function EditorBar({ fileName, tabMovesFocus, onToggleTab }) {
  return (
    <div className="flex items-center justify-between gap-2 border-b-2 border-ink bg-ink pr-2 text-xs text-paper">
      <span className="border-r-2 border-ink bg-neutral-800 px-3 py-1.5 font-mono font-bold" data-testid="editor-file">
        {fileName}
      </span>
      <div className="flex items-center gap-2">
        <span role="status" id="tab-mode-hint">
          {tabMovesFocus ? 'Tab moves focus · Ctrl+M to indent with Tab' : 'Tab indents · Tab moves focus: Ctrl+M'}
        </span>
        <button
          type="button"
          aria-pressed={tabMovesFocus}
          onClick={onToggleTab}
          className={`border-2 border-paper px-2 py-0.5 font-bold uppercase ${tabMovesFocus ? 'bg-brand text-paper' : 'bg-ink text-paper hover:bg-neutral-800'}`}
        >
          Tab moves focus
        </button>
      </div>
    </div>
  )
}
