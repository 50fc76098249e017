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
