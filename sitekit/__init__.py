"""Shared pieces of the blog's tooling: content errors, the build driver, commands."""
