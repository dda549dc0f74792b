"""Errors a collector run can raise; each message says what went wrong and where."""


class CollectorError(Exception):
    """Base class: a source failed in a way the run reports and survives."""


class LayoutError(CollectorError):
    """The page or file no longer looks like the parser expects (missing anchor, too few rows)."""

    def __init__(self, source: str, name: str, missing: str):
        self.source, self.name, self.missing = source, name, missing
        super().__init__(f"{source}: layout changed in {name}: {missing}")


class ContractError(CollectorError):
    """A frame does not satisfy the data contract; it is never written."""


class FetchError(CollectorError):
    """The network did not give us the bytes (timeout, status, size cap, robots, host not allowed)."""


class StoreError(CollectorError):
    """The snapshot store refused a write (already published, lock held, bad path)."""
