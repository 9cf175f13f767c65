"""Mission Control Web: `claude-gateway web`, a read-only dashboard over the reader's views.

It connects as a `claude_reader` login (DATABASE_READ_URL, else DATABASE_URL, else
the local cluster), renders every page on the server with Jinja2 (autoescaped:
agents' text stays text), draws its charts as SVG on the server, and pushes new
activity and messages to open pages over Server-Sent Events: activity polled
about every second by its (created_at, id) key (activity rows do not notify),
messages woken by LISTEN `claude_messages`.  No JavaScript build step,
no CDN: the one script and stylesheet ship inside the package.
"""

from .app import create_app

__all__ = ["create_app"]
