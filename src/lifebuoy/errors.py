"""The exceptions lifebuoy raises, all under one root.

    LifebuoyError                 exit 1 unless stated
    ├── ConfigError               a setting or the playbook is invalid
    ├── WorkspaceError            the workspace is missing or unreadable
    │   └── ReadOnlyError         it can be read but not written
    ├── NotAvailableError         a command whose core is not built yet
    ├── SourceError               an input file cannot be read at all
    │   └── RowError              one row of an input file is invalid
    └── UsageError                exit 2: bad usage
        └── ScopeError            exit 2: the scope is ambiguous or unparsed

Interfaces turn these into one clear message and the exit code; nothing
under this root should reach a user as a traceback.
"""

from __future__ import annotations


class LifebuoyError(Exception):
    """Root of every error lifebuoy raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n{self.hint}"
        return self.message


class ConfigError(LifebuoyError):
    """A setting, or the playbook, failed validation."""


class WorkspaceError(LifebuoyError):
    """The workspace is missing, incomplete or cannot be opened."""


class ReadOnlyError(WorkspaceError):
    """The workspace can be read but not written: a run cannot be saved."""


class NotAvailableError(LifebuoyError):
    """The command exists but its core is not built yet."""


class SourceError(LifebuoyError):
    """An input file or payload cannot be read at all."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.retryable = retryable


class RowError(SourceError):
    """One row of an input is invalid; it is kept aside, never dropped."""

    def __init__(
        self,
        reason: str,
        *,
        column: str | None = None,
        value: object = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column
        self.value = value


class UsageError(LifebuoyError):
    """The command was called wrongly."""

    exit_code = 2


class ScopeError(UsageError):
    """The scope could not be understood exactly; the user must say more."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        text: str = "",
        span: tuple[int, int] | None = None,
        suggestions: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, hint=hint)
        self.text = text
        self.span = span
        self.suggestions = suggestions
