## src/checks/services: what the image starts at boot, one parser per boot
## system (boot_*.c), the shell-script reader (doc/services.md).
libfwaudit_a_SOURCES += src/checks/services/services_int.h \
	src/checks/services/services.c src/checks/services/shellscan.c \
	src/checks/services/shellwrap.h src/checks/services/shellwrap.c \
	src/checks/services/svc_emit.h src/checks/services/svc_emit.c \
	src/checks/services/boot_cron.c src/checks/services/boot_hotplug.c \
	src/checks/services/boot_inittab.c src/checks/services/boot_sysv.c \
	src/checks/services/boot_systemd.c src/checks/services/boot_inetd.c \
	src/checks/services/daemon_model.h src/checks/services/daemon_model.c \
	src/checks/services/exposure.h src/checks/services/exposure_eval.c \
	src/checks/services/exposure_login.c src/checks/services/exposure.c \
	src/checks/services/conf_int.h src/checks/services/daemon_conf.c \
	src/checks/services/conf_ftp.c src/checks/services/conf_samba.c \
	src/checks/services/conf_upnp.c src/checks/services/conf_web.c \
	src/checks/services/conf_tr069.c src/checks/services/conf_nvram.c
EXTRA_DIST += src/checks/services/local.mk

check_PROGRAMS += tests/check_services
TESTS += tests/check_services
tests_check_services_SOURCES = tests/check_services.c $(TEST_UTIL)
tests_check_services_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_services_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/check_exposure
TESTS += tests/check_exposure
tests_check_exposure_SOURCES = tests/check_exposure.c $(TEST_UTIL)
tests_check_exposure_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_exposure_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_boot_paths
TESTS += tests/check_boot_paths
tests_check_boot_paths_SOURCES = tests/check_boot_paths.c $(TEST_UTIL)
tests_check_boot_paths_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_boot_paths_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_daemon_conf
TESTS += tests/check_daemon_conf
tests_check_daemon_conf_SOURCES = tests/check_daemon_conf.c $(TEST_UTIL)
tests_check_daemon_conf_CPPFLAGS = $(TEST_CPPFLAGS)
tests_check_daemon_conf_LDADD = $(TEST_LIBS)
