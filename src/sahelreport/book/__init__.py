"""Stage 4, the book: notebook glue helpers, tables, downloads, the Sphinx extension and the safe build."""
