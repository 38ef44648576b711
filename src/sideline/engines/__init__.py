"""Django-free engines: plain Python with typed inputs, importable, testable and benchmarkable alone."""
