"""The MCP server: lifebuoy's plan, at-risk list and health for an AI assistant."""

from lifebuoy.mcp.server import build_server, serve

__all__ = ["build_server", "serve"]
