## src/engine: the analyzer interface (analyzer.h) and the engine that runs a
## table of analyzers over a tree: the context analyzers report through
## (context.c), the per-file dispatch (engine.c) and the worker pool (pool.c).
libfwaudit_a_SOURCES += src/engine/analyzer.h src/engine/engine.h \
	src/engine/engine_int.h src/engine/context.c src/engine/engine.c \
	src/engine/pool.c
EXTRA_DIST += src/engine/local.mk
