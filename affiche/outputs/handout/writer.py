"""A handout writer: lay the edition out with WeasyPrint, then assemble its pages into one PDF."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ...model.outputs import Rendered
from ...pdf.variant import Variant
from ...pdf.weasyprint_compat import overflowing_text
from ..edition import Edition
from ..typeset import finished, tagged_pdf

if TYPE_CHECKING:
    from weasyprint import Document  # the renderers are imported only by a process that renders

LayOut = Callable[[Edition, Variant, Path], list["Document"]]
Assemble = Callable[[list["Document"], Edition, Variant, Path], Rendered]


def one_document(documents: list[Document], edition: Edition, variant: Variant, root: Path) -> Rendered:
    (document,) = documents
    return finished(tagged_pdf(document, variant), len(document.pages), edition, variant)


@dataclass(frozen=True)
class HandoutWriter:
    lay_out: LayOut  # the documents `check` inspects, as they print
    assemble: Assemble = one_document

    def write(self, edition: Edition, variant: Variant, root: Path) -> list[Rendered]:
        documents = self.lay_out(edition, variant, root)
        rendered = self.assemble(documents, edition, variant, root)
        overflows = tuple(overflow for document in documents for overflow in overflowing_text(document))
        return [replace(rendered, overflows=overflows)]

    @staticmethod
    def file_count(variant: Variant) -> int:
        return 1
