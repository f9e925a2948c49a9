"""Renderers: results in, text or files out. Nothing here reads input or computes a KPI."""
