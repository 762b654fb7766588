"""Renderers: each turns results into text and returns it; none of them prints."""
