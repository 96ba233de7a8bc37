"""Joined Up: a static-site generator for practice examples, lessons and indicators."""
