"""Intake: any received file (.docx, .pdf, image, .txt/.md, edXML) -> one `Document`."""
from .document import Block, Document  # noqa: F401
