# The two commands a newcomer needs: `make run` and `make test` (see README.md).
# Each installs what is missing, so a fresh Debian 12 machine needs nothing else.

DB          ?= data/tanzim.db
LISTEN      ?= 127.0.0.1:8080
TEST_PRESET ?= $(if $(CI),ci,debug)
TEST_FUZZ_SECONDS ?= 20
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian 12 packages the build, the tests and the benchmark use.
PACKAGES := build-essential cmake ninja-build ccache pkg-config git \
  libboost-dev libsqlite3-dev libicu-dev libsodium-dev libcli11-dev \
  nlohmann-json3-dev libspdlog-dev libfmt-dev libphonenumber-dev liburiparser-dev libcsv-dev \
  liboath-dev libqrencode-dev \
  libgtest-dev libgmock-dev iso-codes sqlite3 curl wrk clang libclang-rt-14-dev

.PHONY: deps build run test bench bench-stats bench-signin bench-json bench-audit fuzz fuzz-build setup db format tidy clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake --preset release
	cmake --build --preset release

# Creates or migrates the store, loads the territories, and creates the first
# admin account once, printing its password (the only time it is shown).
db: build
	@mkdir -p $(dir $(DB))
	./build/tanzim init --db $(DB)
	@password=$$(head -c 18 /dev/urandom | base64 | tr '+/' '-_'); \
	printf '%s\n' "$$password" | ./build/tanzim user add --db $(DB) --login admin --role admin; \
	rc=$$?; \
	if [ $$rc -eq 0 ]; then \
	  echo "First account created. login: admin  password: $$password  (shown only now)"; \
	elif [ $$rc -ne 3 ]; then exit $$rc; fi

setup: db

run: setup
	./build/tanzim serve --db $(DB) --listen $(LISTEN)

test: setup
	cmake --preset $(TEST_PRESET)
	cmake --build --preset $(TEST_PRESET)
	ctest --preset $(TEST_PRESET)
	$(MAKE) fuzz-build
	FUZZ_SECONDS=$(TEST_FUZZ_SECONDS) fuzz/run.sh

# libFuzzer targets of fuzz/, built with clang. `make fuzz` runs each for
# FUZZ_SECONDS and records the runs in BENCHMARKS.md; `make test` runs them
# briefly and fails on any finding.
fuzz-build: deps
	cmake --preset fuzz
	cmake --build --preset fuzz

fuzz: fuzz-build
	REPORT=BENCHMARKS.md fuzz/run.sh

bench: deps
	cmake --preset bench
	cmake --build --preset bench
	bench/run.sh
	bench/stats_run.sh
	bench/signin_run.sh
	bench/json_body_run.sh

# Reading JSON request bodies, 1 MiB hostile ones included (section of BENCHMARKS.md).
bench-json: deps
	cmake --preset bench
	cmake --build --preset bench --target tanzim-bench-json-body
	bench/json_body_run.sh

# Sign-in cost: argon2id plus the session write (section of BENCHMARKS.md, bench/signin_run.sh).
bench-signin: deps
	cmake --preset bench
	cmake --build --preset bench --target tanzim-bench-signin
	bench/signin_run.sh

# One page of the audit trail's list at 1M entries (figures recorded in bench/NOTES.md).
bench-audit: deps
	cmake --preset bench
	cmake --build --preset bench --target tanzim-bench-audit
	rm -f bench/out/audit.db*
	mkdir -p bench/out
	build-bench/tanzim-bench-audit --db bench/out/audit.db

# Member figures at 1M memberships only (section of BENCHMARKS.md, bench/stats_run.sh).
bench-stats: deps
	cmake --preset bench
	cmake --build --preset bench --target tanzim-bench-stats
	bench/stats_run.sh

format:
	find src bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

# clang-tidy cannot read GCC's precompiled headers, so it gets a build tree without them.
tidy:
	cmake -S . -B build-tidy -G Ninja -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DTANZIM_TESTS=ON
	find src -name '*.cc' | xargs clang-tidy -p build-tidy --quiet

clean:
	rm -rf build build-debug build-ci build-bench build-tidy build-fuzz fuzz/out
