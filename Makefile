# Makefile: a thin layer over CMake. `make run` and `make test` install what is missing first.
.PHONY: all deps build run test bench release asan clean help

JOBS ?= 2
ENTENTE := build/dev/engine/app/entente

all: build

help:
	@echo "make run    install missing packages, build, analyse the default scenario"
	@echo "make test   install missing packages, build, run the whole suite (debug, ASan/UBSan, optimised)"
	@echo "make bench  build optimised and print the benchmark figures"
	@echo "make clean  remove build/"

deps:
	@bash scripts/setup-deps.sh

build: deps
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)

run: build
	$(ENTENTE)

test: deps
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)
	ctest --preset dev
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan
	cmake --preset release
	cmake --build --preset release -j $(JOBS)
	ctest --preset release

release: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

bench: release
	build/release/bench/bench_deal
	build/release/bench/bench_rounds
	build/release/bench/bench_montecarlo
	build/release/bench/bench_forecast
	build/release/bench/bench_render

clean:
	rm -rf build
