"""Everything PySide6: the only package that imports Qt.

`app.run_app` starts the window; `session.Session` holds the state panels share;
`render_service.RenderService` renders off the GUI thread. One module per panel.
"""

# The verdict workers need multiprocessing, which base/pool imports lazily (the CLI's render
# must not pay for it). In the app it would be imported on the GUI thread just after the window
# shows, and after PySide6 is loaded every import also pays for PySide's feature hook (it reads
# each new module's source): ~150 ms of frozen window. Importing it here, before any Qt module,
# costs ~20 ms of start-up instead.
import multiprocessing.connection  # noqa: E402, F401
import multiprocessing.context  # noqa: E402, F401
