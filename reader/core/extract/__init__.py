"""Extraction: readable text and metadata from a page or a plain-text dump."""
