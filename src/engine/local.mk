## src/engine: the analyzer interface (analyzer.h) and the engine that runs
## the analyzers over a tree: per-file dispatch and the worker pool.
libfwaudit_a_SOURCES += src/engine/analyzer.h src/engine/engine.c
EXTRA_DIST += src/engine/local.mk
