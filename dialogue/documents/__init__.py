"""One document model, two renderers: a printed document is built once as plain data
(`model.py`) by the builder of its kind (in the app that owns the document) and rendered to PDF
(`pdf.py`, WeasyPrint through dialogue/pdf.py) and to Word (`docx.py`, python-docx)."""
