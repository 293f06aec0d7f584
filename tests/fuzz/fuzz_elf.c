/*	Petrel: tests/fuzz/fuzz_elf.c -- libFuzzer harness of elf_parse.
 *
 * Built against the kernel's own kern/exec_elf.c, once per class
 * (-DELFSIZE=32 or 64), with the kernel's headers and the shim's
 * machine/ (tools/fuzz.sh).  A rejection must be ENOEXEC with a
 * reason; an acceptance must describe only what execve can map: each
 * segment inside the file and below maxuser, off page 0, its page
 * offset the file's, no two sharing a page, the entry executable.
 * With FUZZ_ELF_ACCEPT set in the environment, a rejection is a
 * failure too: tools/fuzz.sh runs the real seed binaries that way.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/exec_elf.h>
#include <uvm/uvm_extern.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
char	*getenv(const char *);		/* the host's C library */
int	fflush(void *);			/* (FILE *) */

#define FUZZ_CHECK(e) do {						\
	if (!(e)) {							\
		printf("fuzz_elf%d: line %d: %s not met\n", ELFSIZE,	\
		    __LINE__, #e);					\
		fflush(NULL);						\
		__builtin_trap();					\
	}								\
} while (0)

/* User address space tops of the two machines, and a small one. */
#if ELFSIZE == 64
#define FUZZ_MAXUSER	0x0000800000000000UL
#else
#define FUZZ_MAXUSER	0xc0000000UL
#endif
#define FUZZ_MAXUSER_SMALL	0x01000000UL

static void
check_accepted(const uint8_t *data, size_t len, vaddr_t maxuser,
    const struct elf_image *ei)
{
	const struct elf_seg *s, *t;
	bool entry_x = false;
	int i, j;

	FUZZ_CHECK(ei->nseg >= 1 && ei->nseg <= ELF_MAXSEG);
	for (i = 0; i < ei->nseg; i++) {
		s = &ei->seg[i];
		FUZZ_CHECK(s->filesz <= s->memsz && s->memsz > 0);
		FUZZ_CHECK(s->offset <= len && s->filesz <= len - s->offset);
		FUZZ_CHECK(s->vaddr >= PAGE_SIZE);
		FUZZ_CHECK(s->vaddr < maxuser &&
		    s->memsz <= maxuser - s->vaddr);
		FUZZ_CHECK(s->vaddr % PAGE_SIZE == s->offset % PAGE_SIZE);
		FUZZ_CHECK((s->prot & ~(VM_PROT_READ | VM_PROT_WRITE |
		    VM_PROT_EXECUTE)) == 0);
		/* What a loader would copy is readable, here and now. */
		if (s->filesz > 0)
			FUZZ_CHECK(data[s->offset] == data[s->offset] &&
			    data[s->offset + s->filesz - 1] ==
			    data[s->offset + s->filesz - 1]);
		if ((s->prot & VM_PROT_EXECUTE) && ei->entry >= s->vaddr &&
		    ei->entry - s->vaddr < s->memsz)
			entry_x = true;
		for (j = 0; j < i; j++) {
			t = &ei->seg[j];
			FUZZ_CHECK(trunc_page(s->vaddr + s->memsz - 1) <
			    trunc_page(t->vaddr) ||
			    trunc_page(t->vaddr + t->memsz - 1) <
			    trunc_page(s->vaddr));
		}
	}
	FUZZ_CHECK(entry_x);
}

static void
check_rejected(int error, const char *why, size_t whylen)
{
	FUZZ_CHECK(error == ENOEXEC);
	FUZZ_CHECK(why[0] != '\0');
	FUZZ_CHECK(strlen(why) < whylen);
}

static void
parse_once(const uint8_t *data, size_t len, vaddr_t maxuser)
{
	struct elf_image ei, ei2;
	char why[80], tiny[6];
	int error, error2;

	memset(why, 'x', sizeof(why));
	error = elf_parse(data, len, maxuser, &ei, why, sizeof(why));
	if (error == 0)
		check_accepted(data, len, maxuser, &ei);
	else {
		check_rejected(error, why, sizeof(why));
		if (maxuser == FUZZ_MAXUSER && getenv("FUZZ_ELF_ACCEPT")) {
			printf("fuzz_elf%d: rejected: %s\n", ELFSIZE, why);
			fflush(NULL);
			__builtin_trap();
		}
	}

	/* The reason is optional and may be cut short, never overrun. */
	error2 = elf_parse(data, len, maxuser, &ei2, NULL, 0);
	FUZZ_CHECK(error2 == error);
	tiny[0] = 'k';
	error2 = elf_parse(data, len, maxuser, &ei2, tiny, 0);
	FUZZ_CHECK(error2 == error && tiny[0] == 'k');
	error2 = elf_parse(data, len, maxuser, &ei2, tiny, sizeof(tiny));
	FUZZ_CHECK(error2 == error);
	if (error == 0)
		FUZZ_CHECK(memcmp(&ei, &ei2, sizeof(ei)) == 0);
	else
		FUZZ_CHECK(strlen(tiny) < sizeof(tiny));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	parse_once(data, len, FUZZ_MAXUSER);
	parse_once(data, len, FUZZ_MAXUSER_SMALL);
	return 0;
}
