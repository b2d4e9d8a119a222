"""Everything PySide6: the only package that imports Qt.

`app.run_app` starts the window; `session.Session` holds the state panels share;
`render_service.RenderService` renders off the GUI thread. One module per panel.
"""
