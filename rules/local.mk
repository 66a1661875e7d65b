## rules: the shipped rule set, its catalog and data, and its self-tests.
dist_rules_DATA += rules/services.rules rules/service-config.rules rules/daemon-config.rules
dist_rules_DATA += rules/binaries.rules rules/permissions.rules rules/ssh-auth.rules rules/entry-names.rules
dist_rules_DATA += rules/update.rules rules/erase.rules rules/input-validation.rules
dist_rulesdata_DATA += rules/data/update.txt rules/data/erase.txt rules/data/daemons.txt \
	rules/data/input-validation.txt
dist_rules_DATA += rules/requirements.json rules/VERSION \
	rules/accounts.rules rules/keys.rules rules/secrets.rules rules/credentials.rules
dist_rulesdata_DATA += rules/data/default-passwords.txt rules/data/default-credentials.txt
dist_rules_DATA += rules/remote-code.rules
dist_rules_DATA += rules/web-php.rules
dist_rules_DATA += rules/web-lua.rules
dist_rulesdata_DATA += rules/data/remote-code.txt
EXTRA_DIST += rules/local.mk tests/rules-selftest.sh
TESTS += tests/rules-selftest.sh
