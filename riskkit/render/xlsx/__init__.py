"""riskkit's Excel writers: shared cell helpers (cells), the review workbook's sheets (summary,
findings, facts/gaps/sources/about) and the Timeline sheet. Nothing is imported here, so importing
the package stays cheap; riskkit.render.workbook assembles the review workbook from these modules."""
