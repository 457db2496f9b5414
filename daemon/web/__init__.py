"""The office's console in the browser: server-rendered pages over the same verbs as the CLI.

- ``accounts``: who may log in and as what, derived from the roster; argon2 passwords.
- ``access``: what each role may see and do; every page and action asks it on the server.
- ``verbs``: actions run the `govinfo` verbs themselves, so no rule lives here twice.
- ``app``: the Starlette application; ``server``: uvicorn in a thread, stopped by an event.
"""
