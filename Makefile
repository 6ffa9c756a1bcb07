# ssh-for-agents — the two commands a newcomer needs are `make demo` and `make test`.
# Both install what is missing first (Debian/Ubuntu; root or sudo).

SWIFT ?= swift
PREFIX ?= /usr/local
BINARIES := ssh-for-agents ssh-for-agents-run ssh-for-agents-config

.PHONY: format deps demo test test-swift test-interop test-docs test-faults man-pages build install enforcer bench-transport bench-policy bench-mcp clean

deps:
	scripts/install-deps.sh

build: deps
	$(SWIFT) build

# A private sshd on 127.0.0.1, a sandbox hosts.json, a few real commands through ssh-for-agents-run.
demo: build
	scripts/demo.sh "$$($(SWIFT) build --show-bin-path)"

# Every test: unit tests, real-sshd integration tests, and the MCP interop tests driven by the
# official Python MCP client.
test:
	scripts/install-deps.sh --python
	$(SWIFT) build --build-tests
	$(MAKE) test-swift test-interop test-docs test-faults

# The fault suite (issue 19) is slow, so the plain unit-test run leaves it out.
test-swift:
	$(SWIFT) test --skip-build --skip FaultTests

test-interop:
	SFA_BIN_DIR="$$($(SWIFT) build --show-bin-path)" python3 -m pytest -q Tests/Interop

# The man pages: they render without warnings (mandoc, groff), name every option, and the
# generated ones are what the commands' help generates now (scripts/man-pages.sh check).
test-docs:
	SFA_BIN_DIR="$$($(SWIFT) build --show-bin-path)" python3 -m pytest -q Tests/Docs

# Regenerate docs/man after changing a command's help or docs/man/sections (then commit them).
man-pages:
	$(SWIFT) build
	scripts/man-pages.sh update

# Fault injection (issue 19): stalls, a cut link (sshd inside a network namespace the tests create:
# root and iproute2 needed; a machine that cannot create one fails with the reason), killed servers,
# floods, loss and delay (a user-space link over TUN devices: /dev/net/tun needed), a vanishing MCP
# client. About 3.5 min; the 60 s stall is the long case.
test-faults:
	scripts/install-deps.sh --python
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter FaultTests
	SFA_BIN_DIR="$$($(SWIFT) build --show-bin-path)" python3 -m pytest -q -s Tests/Faults/mcp

install: deps
	$(SWIFT) build -c release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	for binary in $(BINARIES); do \
	  install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/$$binary" "$(DESTDIR)$(PREFIX)/bin/$$binary"; \
	done
	# Man pages (committed, see scripts/man-pages.sh). The enforcer's is section 8: sshd runs it and
	# an administrator sets it up, like sshd(8); it is installed here too so `man` finds it on the
	# machine where deploy/install-enforcer.sh is run from.
	install -d "$(DESTDIR)$(PREFIX)/share/man/man1" "$(DESTDIR)$(PREFIX)/share/man/man8"
	install -m 0644 docs/man/ssh-for-agents.1 docs/man/ssh-for-agents-run.1 docs/man/ssh-for-agents-config.1 \
	  "$(DESTDIR)$(PREFIX)/share/man/man1/"
	install -m 0644 docs/man/ssh-for-agents-enforcer.8 "$(DESTDIR)$(PREFIX)/share/man/man8/"
	# Shell completions (host aliases are completed from hosts.json) where each shell looks for them.
	install -d "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	for binary in ssh-for-agents-run ssh-for-agents-config; do \
	  bin="$$($(SWIFT) build -c release --show-bin-path)/$$binary"; \
	  "$$bin" --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$binary"; \
	  "$$bin" --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$binary"; \
	  "$$bin" --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$binary.fish"; \
	done

# The server side: one static executable (no Swift runtime needed on the server) for
# deploy/install-enforcer.sh. Its own scratch path, so the debug build in .build stays warm.
# Fully static (Package.swift links it so); metadata through direct accessors instead of mangled
# names, which saved a fifth of the instructions of a run; stripped (38 MB -> 17 MB). docs/ENFORCER.md.
ENFORCER_SWIFTFLAGS := -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
enforcer: deps
	$(SWIFT) build -c release --product ssh-for-agents-enforcer --scratch-path .build-release $(ENFORCER_SWIFTFLAGS)
	strip .build-release/release/ssh-for-agents-enforcer
	@echo "built .build-release/release/ssh-for-agents-enforcer; install it with deploy/install-enforcer.sh --user NAME"

# Measurements (never part of pass/fail tests).
bench-transport: deps
	scripts/bench-transport.sh

bench-policy:
	scripts/bench-policy.sh

bench-mcp: deps
	scripts/install-deps.sh --python
	$(SWIFT) build -c release
	SFA_BIN_DIR="$$($(SWIFT) build -c release --show-bin-path)" python3 scripts/bench-mcp.py

clean:
	rm -rf .build

# swift-format (ships with the toolchain) with the project's .swift-format: 4 spaces, 130 columns.
format:
	swift format format --configuration .swift-format --parallel -r -i Sources Tests Package.swift
