"""The persistence errors are their own family, apart from the store's misuse errors."""

from __future__ import annotations

from middleware.persistence.errors import DatabaseInUseError, RepositoryError
from store.errors import StoreError


def test_a_file_error_is_not_mistaken_for_misusing_the_store() -> None:
    assert not issubclass(RepositoryError, StoreError)
    assert issubclass(DatabaseInUseError, RepositoryError)
