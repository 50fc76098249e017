# Trawl's entry points. The two set-up commands (see README): `make demo` and `make test`.
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: demo test build release clean demo-site

demo:            ## crawl the bundled sample site on loopback, then print `trawl status`
	scripts/demo

test:            ## install missing system packages, build, run every test
	scripts/test

build:
	scripts/install-deps && swift build

release:
	scripts/install-deps && swift build -c release --product trawl

demo-site:       ## regenerate Demo/site
	scripts/make-demo-site

clean:
	rm -rf .build demo-run

.PHONY: bench
bench:           ## crawl benchmark on loopback (issue 8): prints one table; scripts/bench --help
	scripts/bench

# ---- Run as a service (README: "Run as a service") ----
# `make install` puts the release binary in $(PREFIX)/bin, the systemd unit in
# $(PREFIX)/lib/systemd/system (a vendor unit directory systemd searches for PREFIX=/usr/local and
# /usr; /etc/systemd/system stays the administrator's, for overrides and drop-ins) and
# /etc/trawl/trawl.toml from Config/trawl.toml unless one is there. DESTDIR stages everything
# under another root (packaging). TRAWL_BIN installs an already built binary instead.
BINDIR ?= $(PREFIX)/bin
UNITDIR ?= $(PREFIX)/lib/systemd/system
TRAWL_BIN ?=
# Talk to systemd only when installing into the live system it manages.
SYSTEMD_LIVE = [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1

.PHONY: install uninstall

install: release ## install trawl, its systemd unit and /etc/trawl/trawl.toml (an existing config is kept)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)/etc/trawl"
	install -m 0755 "$(if $(TRAWL_BIN),$(TRAWL_BIN),$$(swift build -c release --show-bin-path)/trawl)" "$(DESTDIR)$(BINDIR)/trawl"
	sed 's|^ExecStart=/usr/local/bin/trawl |ExecStart=$(BINDIR)/trawl |' systemd/trawl.service > "$(DESTDIR)$(UNITDIR)/trawl.service.new"
	chmod 0644 "$(DESTDIR)$(UNITDIR)/trawl.service.new"
	mv "$(DESTDIR)$(UNITDIR)/trawl.service.new" "$(DESTDIR)$(UNITDIR)/trawl.service"
	@if [ -e "$(DESTDIR)/etc/trawl/trawl.toml" ]; then \
		echo "keeping the existing $(DESTDIR)/etc/trawl/trawl.toml (the shipped one is Config/trawl.toml)"; \
	else \
		install -m 0644 Config/trawl.toml "$(DESTDIR)/etc/trawl/trawl.toml"; \
	fi
	@if $(SYSTEMD_LIVE); then systemctl daemon-reload; fi
	@echo "installed. Edit /etc/trawl/trawl.toml (seeds, user_agent), then: systemctl enable --now trawl"

uninstall:       ## remove the binary and the unit (stopping the service); keeps /etc/trawl and /var/lib/trawl
	@if $(SYSTEMD_LIVE) && [ -e "$(UNITDIR)/trawl.service" ]; then systemctl disable --now trawl.service || true; fi
	rm -f "$(DESTDIR)$(BINDIR)/trawl" "$(DESTDIR)$(UNITDIR)/trawl.service"
	@if $(SYSTEMD_LIVE); then systemctl daemon-reload; fi
	@echo "kept /etc/trawl (config) and /var/lib/trawl (archive); remove them by hand if unwanted"
