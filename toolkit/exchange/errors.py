"""A refused package: the error every part of the exchange raises (the package reader, the
summaries check, the importer, receipts), below all of them so none imports another for it."""

from __future__ import annotations

from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _


class PackageError(ToolkitError):
    """A package that is refused; nothing was imported."""

    message = N_("The package {name} was not imported: {problem} Nothing was changed.")

    def __init__(self, name: str, problem: str, **values: object) -> None:
        self.name, self.problem, self.problem_values = name, problem, values
        super().__init__(name=name, problem=problem)

    def user_message(self) -> str:
        problem = _(self.problem).format(**self.problem_values)
        return _(self.message).format(name=self.name, problem=problem)


def damaged(name: str, problem: str, **values: object) -> PackageError:
    return PackageError(name, problem, **values)
