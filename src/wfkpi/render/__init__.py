"""Renderers: results in, text or files out. Nothing here reads input or computes a KPI.

``scorecard/`` and ``trend/`` hold one module per output format, registered by name in each
package's ``FORMATS``; ``formats`` names them for the command line without loading a renderer.
What several renderers share is written once: ``common`` (status marks, defusing, JSON),
``workbook`` (Excel) and ``webpage`` (HTML). ``report`` draws a KPI report, ``validation``,
``census`` and ``schema`` the other commands' results.
"""
