"""Importers: other listing formats converted into findgroup's catalogue format."""
