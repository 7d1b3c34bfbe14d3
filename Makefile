# retort - GNU make build.
#
#   make            build ./retort
#   make check      install what is missing, build, run every test, then the
#                   unit tests again under AddressSanitizer + UBSan
#   make demo       install what is missing, run the main job on models/
#   make sanitize   build and test with AddressSanitizer + UBSan
#   make valgrind   run the unit tests under valgrind
#   make bench      benchmarks on synthetic schemas (not part of check)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
PKGS := libpq libxml-2.0 libpcre2-8
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wvla -Wstrict-prototypes -Wwrite-strings \
	-Wmissing-prototypes -Wshadow -Wformat=2
OPT ?= -O2 -g
SAN ?=
CFLAGS ?= $(OPT)
# -pthread: autogen, diff and check load the models on a second thread
# while the database is read (src/model_async.c).
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -Isrc -Ibuild
ALL_LDFLAGS := $(LDFLAGS) -pthread $(SAN)

BUILD := build$(if $(SAN),-san)
LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/model_schema.o \
	$(BUILD)/default_template.o
LIB := $(BUILD)/libretort.a
TEST_SRC := $(wildcard tests/unit/check_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)

RETORT := retort$(if $(SAN),-san)

.PHONY: all check demo deps sanitize valgrind bench install uninstall clean fuzz

all: $(RETORT)

$(RETORT): $(BUILD)/main.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The RELAX NG schema of the model format is compiled into the binary.
$(BUILD)/model_schema.c: models/retort-model.rng scripts/embed.sh | $(BUILD)
	sh scripts/embed.sh model_schema_rng $< > $@

# So is the default migration template, which `retort init` writes out.
$(BUILD)/default_template.c: templates/migration.sql.tmpl scripts/embed.sh | $(BUILD)
	sh scripts/embed.sh default_migration_template $< > $@

$(BUILD)/model_schema.o $(BUILD)/default_template.o: $(BUILD)/%.o: $(BUILD)/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Two directory targets: something else may have made build/ alone (the
# random pairs' generator lives there too).
$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/tests:
	mkdir -p $(BUILD)/tests

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(wildcard tests/unit/support/*.h) $(LIB) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests/unit/support -o $@ $< $(TEST_SUPPORT) $(LIB) \
		$(ALL_LDFLAGS) $(PKG_LIBS) $(CHECK_LIBS)

deps:
	@bash scripts/deps.sh

SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Every test, then the unit tests again built with AddressSanitizer + UBSan
# (`make sanitize` runs the whole suite that way; CHECK_SANITIZE=0, or a
# TESTS subset, skips it).
CHECK_SANITIZE ?= $(if $(SAN)$(TESTS),0,1)
check: deps
	@$(MAKE) --no-print-directory all-tests
	@TEST_BINS="$(TEST_BINS)" RETORT="$(CURDIR)/$(RETORT)" bash tests/run-tests.sh
ifeq ($(CHECK_SANITIZE),1)
	@echo "== unit tests under AddressSanitizer + UBSan =="
	@$(MAKE) --no-print-directory SAN="$(SAN_FLAGS)" OPT="-O1 -g" CHECK_SANITIZE=0 check-unit
endif

.PHONY: check-unit
check-unit: all-tests
	@TESTS=unit TEST_BINS="$(TEST_BINS)" RETORT="$(CURDIR)/$(RETORT)" bash tests/run-tests.sh

.PHONY: all-tests
all-tests: $(RETORT) $(TEST_BINS)

sanitize: deps
	@$(MAKE) --no-print-directory SAN="$(SAN_FLAGS)" OPT="-O1 -g" CHECK_SANITIZE=0 check

valgrind:
	@bash scripts/deps.sh --with-valgrind
	@$(MAKE) --no-print-directory OPT="-O0 -g" all-tests
	@VALGRIND=1 TESTS=unit TEST_BINS="$(TEST_BINS)" RETORT="$(CURDIR)/$(RETORT)" bash tests/run-tests.sh

demo: deps $(RETORT)
	@bash scripts/demo.sh

bench: deps $(RETORT)
	@bash bench/run.sh

install: $(RETORT)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(RETORT) $(DESTDIR)$(BINDIR)/retort
	install -m 644 man/retort.1 $(DESTDIR)$(MANDIR)/man1/retort.1
	install -m 644 man/retort-model.5 $(DESTDIR)$(MANDIR)/man5/retort-model.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/retort $(DESTDIR)$(MANDIR)/man1/retort.1 \
		$(DESTDIR)$(MANDIR)/man5/retort-model.5

# Fuzz targets: tests/fuzz/fuzz_NAME.c, built with clang's libFuzzer.
# make fuzz FUZZ=sqllex FUZZ_SECONDS=600
FUZZ ?= sqllex
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
fuzz: deps
	mkdir -p build-fuzz tests/fuzz/out/$(FUZZ)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
		$(PKG_CFLAGS) -Isrc -Ibuild -o build-fuzz/fuzz_$(FUZZ) tests/fuzz/fuzz_$(FUZZ).c \
		$(filter-out src/main.c,$(wildcard src/*.c)) $(BUILD)/model_schema.c $(BUILD)/default_template.c $(PKG_LIBS)
	build-fuzz/fuzz_$(FUZZ) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		tests/fuzz/out/$(FUZZ) tests/fuzz/corpus/$(FUZZ)

clean:
	rm -rf build build-san build-fuzz retort retort-san
