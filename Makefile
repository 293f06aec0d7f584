# Petrel top-level Makefile: shortcuts to build.sh.
MACHINE ?= amd64

all: kernels

kernels:
	./build.sh -m amd64 kernels
	./build.sh -m i386 kernels

run:
	./build.sh -m $(MACHINE) run

test:
	./build.sh test

tools:
	./build.sh tools

clean:
	./build.sh clean

.PHONY: all kernels run test tools clean
