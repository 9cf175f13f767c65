"""claude-gateway: one PostgreSQL database for a family of AI coding agents."""

__version__ = "0.1.0"
