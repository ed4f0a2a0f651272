"""GET /api/v1/documents/<id>.edxml: an issued outgoing document as an edXML package."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, g

from ..store.db import db_session
from ..tracking import edxml_export, permissions

bp = Blueprint("edxml_api", __name__, url_prefix="/api/v1")


@bp.get("/documents/<doc_id>.edxml")
def document_edxml(doc_id):
    """The edXML package (header + the issued .docx) of an outgoing document."""
    permissions.require(g.user, "draft")
    data, name = edxml_export.export(db_session(), doc_id, current_app.config["STORAGE_DIR"])
    return Response(data, mimetype="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
